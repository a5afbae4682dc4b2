import type { OperationId } from '../operations.js';
import { methodOf, pathOf } from '../operations.js';
import type { ApiRequest, Credentials, Scenario, ScenarioContext } from '../scenario.js';
import { unknownUuid } from './api.js';
import { MESSAGES } from './messages.js';
import type { OperationTarget } from './target.js';

/*
 * The person-request operations (openapi/ehealth-otp.yaml, the 2026 blueprint "Person Requests"):
 * what the generated families send them, and one per-field 422 per operation with a body. Their
 * own scenarios (the flow, the code, the status machine, sign) are added on top of these targets.
 */

type PersonRequestOperation =
  | 'createPersonRequest'
  | 'createPersonRequestV2'
  | 'listPersonRequests'
  | 'getPersonRequest'
  | 'getPersonRequestV2'
  | 'approvePersonRequest'
  | 'approvePersonRequestV2'
  | 'signPersonRequest'
  | 'signPersonRequestV2'
  | 'rejectPersonRequest'
  | 'rejectPersonRequestV2';

function requestTo(
  operation: OperationId,
  creds: Credentials,
  params: Record<string, string> = {},
): ApiRequest {
  return {
    method: methodOf(operation),
    path: pathOf(operation, params),
    token: creds.token,
    apiKey: creds.apiKey,
  };
}

/**
 * A create body that passes the schema (Person_info_Public, AP:17795-17820). OFFLINE: sent
 * unspoilt (a gateway that lets it through) it creates a NEW request and sends no SMS, so it is
 * harmless, and its 201 is the evidence that the gateway or body check was skipped.
 */
export function createBody(): Record<string, unknown> {
  return {
    person: {
      first_name: 'Петро',
      last_name: 'Іванов',
      birth_date: '1991-08-19',
      birth_country: 'Україна',
      birth_settlement: 'Вінниця',
      gender: 'MALE',
      no_tax_id: true,
      secret: 'secret',
      documents: [{ type: 'PASSPORT', number: 'АА120518', issued_by: 'РВ ГУ МВС', issued_at: '2017-02-28' }],
      addresses: [
        {
          type: 'RESIDENCE',
          country: 'UA',
          area: 'Житомирська',
          settlement: 'Київ',
          settlement_type: 'CITY',
          settlement_id: 'b075f148-7f93-4fc2-b2ec-2d81b19a9b7b',
        },
      ],
      emergency_contact: {
        first_name: 'Петро',
        last_name: 'Іванов',
        phones: [{ type: 'MOBILE', number: '+380503410870' }],
      },
      authentication_methods: [{ type: 'OFFLINE' }],
    },
    patient_signed: false,
    process_disclosure_data_consent: true,
  };
}

/** A body for `operation` on a request that does not exist: the body is checked before the id (lifecycle order). */
function bodyOn(operation: PersonRequestOperation, json: (ctx: ScenarioContext) => Record<string, unknown>) {
  return {
    needs: [] as const,
    build: async (ctx: ScenarioContext) => {
      const creds = await ctx.credentials(operation);
      const params = operation.startsWith('create') ? {} : { id: unknownUuid() };
      return { request: requestTo(operation, creds, params), json: json(ctx) };
    },
  };
}

const withId =
  (operation: PersonRequestOperation): OperationTarget['authRequest'] =>
  (_ctx, creds) =>
    requestTo(operation, creds, { id: unknownUuid() });

const create = () => createBody();
const approve = () => ({ verification_code: 1234 });
const sign = () => ({ signed_content: 'e30=' });

export const personRequestTargets: { readonly [Op in PersonRequestOperation]: OperationTarget } = {
  createPersonRequest: {
    prefix: 'PR-CREATE',
    label: 'Create person request',
    authRequest: (_ctx, creds) => ({ ...requestTo('createPersonRequest', creds), json: create() }),
    bodyRequest: bodyOn('createPersonRequest', create),
  },
  createPersonRequestV2: {
    prefix: 'PR-CREATE-V2',
    label: 'Create person request v2',
    authRequest: (_ctx, creds) => ({ ...requestTo('createPersonRequestV2', creds), json: create() }),
    bodyRequest: bodyOn('createPersonRequestV2', create),
  },
  listPersonRequests: {
    prefix: 'PR-LIST',
    label: 'List person requests',
    authRequest: (_ctx, creds) => requestTo('listPersonRequests', creds),
  },
  getPersonRequest: {
    prefix: 'PR-GET',
    label: 'Get person request',
    authRequest: withId('getPersonRequest'),
  },
  getPersonRequestV2: {
    prefix: 'PR-GET-V2',
    label: 'Get person request v2',
    authRequest: withId('getPersonRequestV2'),
  },
  approvePersonRequest: {
    prefix: 'PR-APPROVE',
    label: 'Approve person request',
    authRequest: withId('approvePersonRequest'),
    bodyRequest: bodyOn('approvePersonRequest', approve),
  },
  approvePersonRequestV2: {
    prefix: 'PR-APPROVE-V2',
    label: 'Approve person request v2',
    authRequest: withId('approvePersonRequestV2'),
    bodyRequest: bodyOn('approvePersonRequestV2', approve),
  },
  signPersonRequest: {
    prefix: 'PR-SIGN',
    label: 'Sign person request',
    authRequest: (ctx, creds) => ({ ...withId('signPersonRequest')(ctx, creds), json: sign() }),
    bodyRequest: bodyOn('signPersonRequest', sign),
  },
  signPersonRequestV2: {
    prefix: 'PR-SIGN-V2',
    label: 'Sign person request v2',
    authRequest: (ctx, creds) => ({ ...withId('signPersonRequestV2')(ctx, creds), json: sign() }),
    bodyRequest: bodyOn('signPersonRequestV2', sign),
  },
  rejectPersonRequest: {
    prefix: 'PR-REJECT',
    label: 'Reject person request',
    authRequest: withId('rejectPersonRequest'),
  },
  rejectPersonRequestV2: {
    prefix: 'PR-REJECT-V2',
    label: 'Reject person request v2',
    authRequest: withId('rejectPersonRequestV2'),
  },
};

/** One schema rule of one body field: 422 `validation_failed` with that entry and rule (reference §2.3). */
function fieldScenario(
  operation: PersonRequestOperation,
  id: string,
  title: string,
  json: (ctx: ScenarioContext) => unknown,
  entry: string,
  rule: string,
): Scenario {
  return {
    id,
    title,
    operation,
    contract: `${operation}: the body's schema per field (openapi/ehealth-otp.yaml); 422 entry ${entry}, rule ${rule}`,
    needs: [],
    required: true,
    tags: ['body:422'],
    async run(ctx: ScenarioContext) {
      const creds = await ctx.credentials(operation);
      const params = operation.startsWith('create') ? {} : { id: unknownUuid() };
      const exchange = await ctx.call(operation, { ...requestTo(operation, creds, params), json: json(ctx) });
      ctx.expect(exchange, {
        status: 422,
        type: 'validation_failed',
        message: MESSAGES.validation,
        invalid: [{ entry, entryType: 'json_data_property', rule }],
      });
    },
  };
}

const wrongGender = () => {
  const body = createBody();
  return { ...body, person: { ...(body.person as Record<string, unknown>), gender: 'UNKNOWN' } };
};

/** The per-field 422 of each person-request operation with a body, keyed as scenarios/index.ts needs. */
export const personRequestScenarios: { readonly [Op in PersonRequestOperation]: readonly Scenario[] } = {
  createPersonRequest: [
    fieldScenario(
      'createPersonRequest',
      'PR-CREATE-422-GENDER',
      'Create with a gender outside MALE, FEMALE answers 422 at $.person.gender, rule inclusion.',
      wrongGender,
      '$.person.gender',
      'inclusion',
    ),
  ],
  createPersonRequestV2: [
    fieldScenario(
      'createPersonRequestV2',
      'PR-CREATE-V2-422-GENDER',
      'Create v2 with a gender outside MALE, FEMALE answers 422 at $.person.gender, rule inclusion.',
      wrongGender,
      '$.person.gender',
      'inclusion',
    ),
  ],
  listPersonRequests: [],
  getPersonRequest: [],
  getPersonRequestV2: [],
  approvePersonRequest: [
    fieldScenario(
      'approvePersonRequest',
      'PR-APPROVE-422-CODE-CAST',
      'Approve with verification_code as a string answers 422 at $.verification_code, rule cast.',
      () => ({ verification_code: '1234' }),
      '$.verification_code',
      'cast',
    ),
  ],
  approvePersonRequestV2: [
    fieldScenario(
      'approvePersonRequestV2',
      'PR-APPROVE-V2-422-CODE-CAST',
      'Approve v2 with verification_code as a string answers 422 at $.verification_code, rule cast.',
      () => ({ verification_code: '1234' }),
      '$.verification_code',
      'cast',
    ),
  ],
  signPersonRequest: [
    fieldScenario(
      'signPersonRequest',
      'PR-SIGN-422-REQUIRED',
      'Sign without signed_content answers 422 at $.signed_content, rule required.',
      () => ({}),
      '$.signed_content',
      'required',
    ),
  ],
  signPersonRequestV2: [
    fieldScenario(
      'signPersonRequestV2',
      'PR-SIGN-V2-422-REQUIRED',
      'Sign v2 without signed_content answers 422 at $.signed_content, rule required.',
      () => ({}),
      '$.signed_content',
      'required',
    ),
  ],
  rejectPersonRequest: [],
  rejectPersonRequestV2: [],
};
