import { loadSpec } from '../../contract/spec-files.js';
import { isObject } from '../json.js';
import { operationInfo } from '../operations.js';
import type { Alternative, Scenario, ScenarioContext } from '../scenario.js';
import { unknownUuid } from './api.js';
import { dataOf, ISSUES_CODE, newestCode } from './flows.js';
import { expectedError, MESSAGES } from './messages.js';
import {
  act,
  childBody,
  createdOffline,
  createdOtp,
  createRequest,
  expectMaskedCurrent,
  expectNotListed,
  expectRequest,
  namedOtpBody,
  personBody,
  signedOtpPerson,
  statusOf,
  uniqueTaxId,
  V,
  type Version,
  verifiedPhoneOf,
} from './person-request-flows.js';
import { expectCapReached, fillCap } from './sms-cap.js';

/*
 * Create/Update Person Request v1 and v2 (openapi/ehealth-otp.yaml createPersonRequest[V2], from
 * AP:3118-3194, 3434-3513): the verified phone, the one SMS, the masked current method, OFFLINE's
 * upload URLs, the rules per field. docs/research/person-requests.md §3.2-3.4, §5.
 */

const operation = { 1: 'createPersonRequest', 2: 'createPersonRequestV2' } as const;
const CONTRACT = 'createPersonRequest description (AP:3118-3194)';

/** The body with its person changed by `change` (a field added, replaced or removed). */
function withPerson(
  body: Record<string, unknown>,
  change: (person: Record<string, unknown>) => Record<string, unknown>,
): Record<string, unknown> {
  return { ...body, person: change(isObject(body.person) ? body.person : {}) };
}

/** A birth date `years` and about half a year ago: its age in full years survives any clock move of days. */
function bornYearsAgo(years: number): string {
  const date = new Date(Date.now() - 182 * 86_400_000);
  date.setUTCFullYear(date.getUTCFullYear() - years);
  return date.toISOString().slice(0, 10);
}

/** A create of `body` answers 422 validation_failed with an `invalid` item at the body field `entry` with `rule`. */
async function expectCreate422(
  ctx: ScenarioContext,
  version: Version,
  body: unknown,
  at: { readonly entry: string; readonly rule: string },
  alternatives: readonly Alternative[] = [],
): Promise<void> {
  ctx.expect(
    await createRequest(ctx, version, body),
    {
      status: 422,
      type: 'validation_failed',
      message: MESSAGES.validation,
      invalid: [{ ...at, entryType: 'json_data_property' }],
    },
    alternatives,
  );
}

/** An OFFLINE adult's body whose `authentication_methods` are replaced by `methods`. */
const withMethods = (methods: readonly unknown[]) =>
  withPerson(personBody({ type: 'OFFLINE' }), (p) => ({ ...p, authentication_methods: methods }));

function created201(version: Version): Scenario {
  return {
    id: `PR-CREATE${V[version]}-201`,
    tags: ['verification:read'],
    divergences: [...ISSUES_CODE, 'DIV-PR-CREATE-201', 'DIV-PR-URGENT-AUTH-SHAPE'],
    title: `Create${version === 2 ? ' v2' : ''} with a verified OTP phone answers 201: status NEW, channel MIS, urgent.authentication_method_current with the phone masked.`,
    operation: operation[version],
    contract: `${CONTRACT}: "Answers 201 with the request (status: NEW) and urgent.authentication_method_current, its phone masked"`,
    needs: ['fixture:phones.verified'],
    required: true,
    async run(ctx: ScenarioContext) {
      const phone = await verifiedPhoneOf(ctx);
      const exchange = await createRequest(ctx, version, personBody({ type: 'OTP', phone }));
      ctx.expect(exchange, { status: 201 }, [{ divergence: 'DIV-PR-CREATE-201', expect: { status: 200 } }]);
      expectRequest(ctx, exchange, 'NEW');
      const data = dataOf(ctx, exchange);
      ctx.check(data.channel === 'MIS', `data.channel is ${JSON.stringify(data.channel)}, expected "MIS"`);
      expectMaskedCurrent(ctx, exchange, phone);
      ctx.expectValid(exchange);
    },
  };
}

export const personRequestCreateScenarios: readonly Scenario[] = [
  created201(1),
  created201(2),
  {
    id: 'PR-CREATE-SMS-SENT',
    tags: ['verification:read'],
    divergences: [...ISSUES_CODE],
    title: 'Create with a verified OTP phone sends exactly one SMS, to that phone.',
    operation: 'createPersonRequestV2',
    contract: `${CONTRACT}: "an OTP (or THIRD_PERSON) request sends ONE SMS through Initialize OTP for that phone"`,
    needs: ['sms'],
    required: true,
    async run(ctx: ScenarioContext) {
      // createdOtp counts the outbox before and after: exactly one more SMS, to this phone.
      const { code } = await createdOtp(ctx, 2);
      ctx.check(/^\d+$/.test(code), 'the create SMS carries no code');
    },
  },
  {
    id: 'PR-CREATE-422-UNVERIFIED-PHONE',
    divergences: ['DIV-PR-UNVERIFIED-SHAPE'],
    title:
      'Create with an OTP phone never verified answers 422 unverified "Unverified phone number" and creates nothing.',
    operation: 'createPersonRequestV2',
    contract: `${CONTRACT}: "the current method's OTP phone is verified (/api/verifications), else 422 {type: unverified, message: Unverified phone number}"`,
    needs: [],
    required: true,
    async run(ctx: ScenarioContext) {
      const { body, lastName } = namedOtpBody(ctx.phone());
      ctx.expect(await createRequest(ctx, 2, body), expectedError('phone_unverified'), [
        {
          divergence: 'DIV-PR-UNVERIFIED-SHAPE',
          expect: { status: 422, type: 'validation_failed', invalid: [{ rule: 'invalid' }] },
        },
      ]);
      await expectNotListed(ctx, lastName, 'the create refused for an unverified phone');
    },
  },
  {
    id: 'PR-CREATE-UNVERIFIED-NO-SMS',
    title: 'Create refused for an unverified phone sends no SMS to it.',
    operation: 'createPersonRequestV2',
    contract: `${CONTRACT}: the rules come before "Then: … sends ONE SMS"`,
    needs: ['sms'],
    required: true,
    async run(ctx: ScenarioContext) {
      const phone = ctx.phone();
      const exchange = await createRequest(ctx, 2, personBody({ type: 'OTP', phone }));
      ctx.check(exchange.status === 422, `create with an unverified phone answered ${exchange.status}`);
      const outbox = await ctx.sms(phone);
      ctx.check(outbox.length === 0, `the unverified phone got ${outbox.length} SMS, expected none`);
    },
  },
  {
    id: 'PR-CREATE-429-SMS-CAP',
    tags: ['sms:429-cap', 'verification:read'],
    divergences: [...ISSUES_CODE, 'DIV-429-NO-TYPE'],
    title:
      'Create for a verified phone past its SMS cap answers 429 with Retry-After, sends nothing and creates nothing.',
    operation: 'createPersonRequestV2',
    contract: `${CONTRACT}: "past the per-phone SMS cap the call answers 429 and creates nothing"`,
    needs: ['sms'],
    required: true,
    async run(ctx: ScenarioContext) {
      const { token } = await ctx.credentials('initializeVerification');
      const phone = await verifiedPhoneOf(ctx);
      await fillCap(ctx, token, phone);
      const { body, lastName } = namedOtpBody(phone);
      await expectCapReached(ctx, await createRequest(ctx, 2, body), phone);
      await expectNotListed(ctx, lastName, 'the create refused with 429');
    },
  },
  {
    id: 'PR-CREATE-OFFLINE-DOCUMENTS',
    title:
      'Create with an OFFLINE method answers 201 with one upload URL per document under urgent.documents and no phone.',
    operation: 'createPersonRequestV2',
    contract: `${CONTRACT}: "An OFFLINE request sends no SMS and answers one upload URL per document under urgent.documents"`,
    needs: [],
    required: true,
    async run(ctx: ScenarioContext) {
      const { uploads, exchange } = await createdOffline(ctx, 2);
      ctx.check(
        uploads.some((u) => u.type === 'person.PASSPORT'),
        `urgent.documents has ${JSON.stringify(uploads.map((u) => u.type))}, expected person.PASSPORT (the body's document)`,
      );
      ctx.expectValid(exchange);
    },
  },
  {
    id: 'PR-CREATE-OFFLINE-NO-SMS',
    tags: ['verification:read'],
    divergences: [...ISSUES_CODE],
    title: "Create with an OFFLINE method sends no SMS, not even to the person's verified phone.",
    operation: 'createPersonRequest',
    contract: `${CONTRACT}: "An OFFLINE request sends no SMS"`,
    needs: ['sms'],
    required: true,
    async run(ctx: ScenarioContext) {
      const phone = await verifiedPhoneOf(ctx);
      const before = (await ctx.sms(phone)).length;
      const body = withPerson(personBody({ type: 'OFFLINE' }), (p) => ({
        ...p,
        phones: [{ type: 'MOBILE', number: phone }],
      }));
      const exchange = await createRequest(ctx, 1, body);
      ctx.expect(exchange, { status: 201 });
      const after = (await ctx.sms(phone)).length;
      ctx.check(after === before, `an OFFLINE create sent ${after - before} SMS, expected none`);
    },
  },
  {
    id: 'PR-CREATE-CANCELS-PENDING',
    divergences: ['DIV-PR-CREATE-CANCELS-PENDING'],
    title:
      'A second create for the same person (same tax_id) cancels the first request: its status is CANCELLED.',
    operation: 'createPersonRequestV2',
    contract: `${CONTRACT}: "The same person's NEW and APPROVED requests are cancelled"`,
    needs: [],
    required: true,
    async run(ctx: ScenarioContext) {
      const taxId = uniqueTaxId();
      const first = await createRequest(ctx, 2, personBody({ type: 'OFFLINE' }, taxId));
      ctx.expect(first, { status: 201 });
      const firstId = expectRequest(ctx, first, 'NEW');
      const second = await createRequest(ctx, 2, personBody({ type: 'OFFLINE' }, taxId));
      ctx.expect(second, { status: 201 });
      const status = await statusOf(ctx, 2, firstId);
      if (status === 'NEW') ctx.divergence('DIV-PR-CREATE-CANCELS-PENDING');
      else
        ctx.check(
          status === 'CANCELLED',
          `the first request is ${JSON.stringify(status)}, expected CANCELLED`,
        );
    },
  },
  {
    id: 'PR-CREATE-THIRD-PERSON-SMS',
    tags: ['verification:read'],
    divergences: [...ISSUES_CODE, 'DIV-PR-APPROVE-201'],
    title:
      "Create for a child under 14 confirmed by THIRD_PERSON (a signed person with OTP) sends the one SMS to the third person's phone; its code approves the child's request.",
    operation: 'createPersonRequestV2',
    contract: `${CONTRACT}: "a THIRD_PERSON method has value, the id of a person whose first method is OTP …"; S000:28 the SMS goes to the third person's OTP phone`,
    needs: ['sms'],
    required: true,
    async run(ctx: ScenarioContext) {
      const { personId, phone } = await signedOtpPerson(ctx);
      const before = (await ctx.sms(phone)).length;
      const created = await createRequest(ctx, 2, childBody(personId, bornYearsAgo(10)));
      ctx.expect(created, { status: 201 });
      const id = expectRequest(ctx, created, 'NEW');
      const code = await newestCode(ctx, phone, before + 1, "of the third person after the child's create");
      const approved = await act(ctx, 'approve', 2, id, { verification_code: Number(code) });
      ctx.expect(approved, { status: 201 }, [{ divergence: 'DIV-PR-APPROVE-201', expect: { status: 200 } }]);
      expectRequest(ctx, approved, 'APPROVED');
    },
  },
  {
    id: 'PR-CREATE-422-CHILD-NO-CONFIDANT',
    title:
      'Create for a child under 14 with THIRD_PERSON but no confidant_person answers 422 at $.person.confidant_person.',
    operation: 'createPersonRequest',
    contract: `${CONTRACT}: "under 14 only THIRD_PERSON, and a confidant is required"`,
    needs: [],
    required: true,
    tags: ['body:422'],
    async run(ctx: ScenarioContext) {
      // v1, where the method's person is not tied to a confidant: only the missing confidant is wrong
      // (the unknown third person is a second invalid item, which the expectation allows).
      const body = withPerson(childBody(unknownUuid(), bornYearsAgo(10)), (p) => {
        const { confidant_person: _none, ...rest } = p;
        return rest;
      });
      await expectCreate422(ctx, 1, body, { entry: '$.person.confidant_person', rule: 'required' });
    },
  },
  {
    id: 'PR-CREATE-422-CHILD-OTP',
    title:
      'Create for a person under 14 with an OTP method answers 422 at $.person.authentication_methods.[0].type.',
    operation: 'createPersonRequestV2',
    contract: `${CONTRACT}: "the age rule (AP:3144-3146): under 14 only THIRD_PERSON, and a confidant is required"`,
    needs: [],
    required: true,
    tags: ['body:422'],
    async run(ctx: ScenarioContext) {
      const body = withPerson(personBody({ type: 'OTP', phone: ctx.phone() }), (p) => ({
        ...p,
        birth_date: bornYearsAgo(10),
      }));
      await expectCreate422(ctx, 2, body, {
        entry: '$.person.authentication_methods.[0].type',
        rule: 'invalid',
      });
    },
  },
  {
    id: 'PR-CREATE-AGE-14-SELF',
    divergences: ['DIV-PR-AGE-BOUNDARY'],
    title: 'Create for a person of 14 full years with an OFFLINE method answers 201 (14 counts as over 14).',
    operation: 'createPersonRequestV2',
    contract: `${CONTRACT}: DIV-PR-AGE-BOUNDARY "14 and over may use OTP, OFFLINE or THIRD_PERSON"`,
    needs: [],
    required: true,
    async run(ctx: ScenarioContext) {
      const body = withPerson(personBody({ type: 'OFFLINE' }), (p) => ({
        ...p,
        birth_date: bornYearsAgo(14),
      }));
      ctx.expect(await createRequest(ctx, 2, body), { status: 201 }, [
        {
          divergence: 'DIV-PR-AGE-BOUNDARY',
          expect: { status: 422, invalid: [{ entry: '$.person.authentication_methods.[0].type' }] },
        },
      ]);
    },
  },
  {
    id: 'PR-CREATE-422-OTP-NO-PHONE',
    title: 'Create with an OTP method without phone_number answers 422 required at its phone_number.',
    operation: 'createPersonRequestV2',
    contract: `${CONTRACT}: "an OTP method has phone_number (rule required, AP:17196)"`,
    needs: [],
    required: true,
    tags: ['body:422'],
    async run(ctx: ScenarioContext) {
      await expectCreate422(ctx, 2, withMethods([{ type: 'OTP' }]), {
        entry: '$.person.authentication_methods.[0].phone_number',
        rule: 'required',
      });
    },
  },
  {
    id: 'PR-CREATE-422-NA-METHOD',
    divergences: ['DIV-PR-NA-METHOD'],
    title: "Create with an NA method answers 422 inclusion at the method's type.",
    operation: 'createPersonRequestV2',
    contract: `${CONTRACT}: DIV-PR-NA-METHOD "A request naming NA gets 422 (inclusion on the method's type)"`,
    needs: [],
    required: true,
    tags: ['body:422'],
    async run(ctx: ScenarioContext) {
      await expectCreate422(
        ctx,
        2,
        withMethods([{ type: 'NA' }]),
        { entry: '$.person.authentication_methods.[0].type', rule: 'inclusion' },
        [{ divergence: 'DIV-PR-NA-METHOD', expect: { status: 201 } }],
      );
    },
  },
  ...requiredFieldScenarios(),
];

/** `$ref` → the schema it names in the spec's components (local refs only, as the spec writes them). */
function resolve(node: unknown): Record<string, unknown> {
  const ref = isObject(node) ? node.$ref : undefined;
  if (typeof ref !== 'string') return isObject(node) ? node : {};
  const schemas = loadSpec('ehealth').components?.schemas;
  const name = ref.slice(ref.lastIndexOf('/') + 1);
  const schema = isObject(schemas) ? schemas[name] : undefined;
  return isObject(schema) ? schema : {};
}

/**
 * The person's required fields as the spec gives them: createPersonRequest's body schema, its
 * `person` property, that schema's `required` (Person_info_Public, AP:17795-17820). Read, not
 * restated, so a field the spec makes required gets its scenario.
 */
function requiredPersonFields(): string[] {
  const { path, method } = operationInfo('createPersonRequest');
  const operation = loadSpec('ehealth').paths[path]?.[method.toLowerCase()];
  const requestBody = isObject(operation) ? operation.requestBody : undefined;
  const content = isObject(requestBody) && isObject(requestBody.content) ? requestBody.content : {};
  const json = content['application/json'];
  const body = resolve(isObject(json) ? json.schema : undefined);
  const person = resolve(isObject(body.properties) ? body.properties.person : undefined);
  const required = Array.isArray(person.required) ? person.required : [];
  return required.filter((field): field is string => typeof field === 'string');
}

/** One scenario per required field of the person (generated from the spec): removed → 422 `required` at its path. */
function requiredFieldScenarios(): Scenario[] {
  const fields = requiredPersonFields();
  if (fields.length === 0)
    throw new Error("the spec's createPersonRequest person schema lists no required field");
  return fields.map((field) => ({
    id: `PR-CREATE-422-REQUIRED-${field.toUpperCase().replace(/_/g, '-')}`,
    title: `Create without person.${field} answers 422 required at $.person.${field}.`,
    operation: 'createPersonRequest',
    contract: `createPersonRequest "the body's schema, one invalid item per field (422 validation_failed)"; Person_info_Public requires ${field}`,
    needs: [],
    required: true,
    tags: ['body:422'],
    async run(ctx: ScenarioContext) {
      const body = withPerson(personBody({ type: 'OTP', phone: ctx.phone() }), (p) => {
        const { [field]: _dropped, ...rest } = p;
        return rest;
      });
      await expectCreate422(ctx, 1, body, { entry: `$.person.${field}`, rule: 'required' });
    },
  }));
}
