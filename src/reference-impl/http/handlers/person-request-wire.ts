import type { components } from '../../../generated/ehealth-otp.js';
import type { CreatedPersonRequest } from '../../domain/person-requests.js';

type Schemas = components['schemas'];

/**
 * The create body of a request, by the version the domain already checked (`PersonRequests.get`
 * refuses the other version, DIV-PR-VERSION). The throw cannot happen; if it did, the lifecycle
 * would answer 500 without detail.
 */
export function bodyV1(request: CreatedPersonRequest): Schemas['CreatePersonRequestV1'] {
  if (request.created.version !== 1) throw new Error(`person request ${request.id} is not version 1`);
  return request.created.body;
}

export function bodyV2(request: CreatedPersonRequest): Schemas['CreatePersonRequestV2'] {
  if (request.created.version !== 2) throw new Error(`person request ${request.id} is not version 2`);
  return request.created.body;
}
