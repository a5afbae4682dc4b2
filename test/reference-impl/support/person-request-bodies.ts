import { examplePerson } from '../../../src/contract/request-examples.js';
import type { components } from '../../../src/generated/ehealth-otp.js';
import type { CreatedBody } from '../../../src/reference-impl/domain/models.js';

type Schemas = components['schemas'];

/**
 * A v2 create body as the domain gets it (past the schema): the blueprint's example person
 * (request-examples.ts) with `person` laid over it, for the domain tests of PersonRequests.
 */
export function createdBody(person: Partial<Schemas['PersonV2']> = {}): CreatedBody {
  return {
    version: 2,
    body: {
      person: { ...(examplePerson() as Schemas['PersonV2']), ...person },
      patient_signed: false,
      process_disclosure_data_consent: true,
    },
  };
}
