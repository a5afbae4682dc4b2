import { listScopes } from '../contract/operations.js';
import { examplePerson } from '../contract/request-examples.js';
import type { components } from '../generated/ehealth-otp.js';
import type { Scope, SeedPersonRequest } from './control/control-state.js';
import type { SeedRequest } from './control/request-seeds.js';
import type { Engine } from './engine.js';

/**
 * Demo data for `serve`: fixed tokens and ids so the README's examples work as written. One
 * client (one api-key) holds a token with every scope and one without each scope.
 */
export const DEMO_API_KEY = 'demo-api-key';
/**
 * Every scope an operation of the spec needs (`x-scope`). The control spec's `Scope` enum lists the
 * same ones (test/contract/spec-shape.test.ts checks it), which is what makes the cast sound.
 */
const ALL = listScopes() as readonly Scope[];

/** `demo-token-no-<scope>`, the scope with `:` and `_` as `-` (e.g. `demo-token-no-otp-write`). */
const without = (scope: Scope) => `demo-token-no-${scope.replace(/[:_]/g, '-')}`;

export const demoTokens: Readonly<Record<string, readonly Scope[]>> = {
  'demo-token-all-scopes': ALL,
  ...Object.fromEntries(ALL.map((scope) => [without(scope), ALL.filter((s) => s !== scope)])),
};

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

export const demoPersonRequests: readonly { id: string; title: string; seed: SeedPersonRequest }[] = [
  {
    id: id(1),
    title: 'OTP, status NEW: resend sends an SMS to +380501110001',
    seed: { status: 'NEW', authentication_methods: [{ type: 'OTP', phone_number: '+380501110001' }] },
  },
  {
    id: id(2),
    title: 'THIRD_PERSON with an OTP third person: the SMS goes to +380501110002',
    seed: {
      status: 'NEW',
      authentication_methods: [
        {
          type: 'THIRD_PERSON',
          alias: 'mother',
          third_person: { authentication_methods: [{ type: 'OTP', phone_number: '+380501110002' }] },
        },
      ],
    },
  },
  {
    id: id(3),
    title: 'OFFLINE: resend answers 409 Auth method is not OTP; body {"type":"OFFLINE"} issues upload URLs',
    seed: { status: 'NEW', authentication_methods: [{ type: 'OFFLINE' }], documents: [{ type: 'PASSPORT' }] },
  },
  {
    id: id(4),
    title: 'OTP but status APPROVED: resend answers 409',
    seed: { status: 'APPROVED', authentication_methods: [{ type: 'OTP', phone_number: '+380501110004' }] },
  },
  {
    id: id(5),
    title:
      'Two methods (OTP primary, OFFLINE alias "paper"): body {"type":"OFFLINE","alias":"paper"} switches',
    seed: {
      status: 'NEW',
      authentication_methods: [
        { type: 'OTP', phone_number: '+380501110005', is_primary: true },
        { type: 'OFFLINE', alias: 'paper' },
      ],
      documents: [{ type: 'PASSPORT' }],
    },
  },
];

/** Requests of the other confirmable families (seeded as the control API's seedRequest does). */
export const demoRequests: readonly { family: string; id: string; title: string; seed: SeedRequest }[] = [
  {
    family: 'declaration_request',
    id: id(101),
    title: 'Declaration request, NEW, OTP: resend_otp sends the code, approve spends it',
    seed: {
      status: 'NEW',
      authentication_method_current: { type: 'OTP', phone_number: '+380501110101' },
      data: {
        employee_id: '1a8b10ea-ba09-40f2-8f9e-55608e9208c6',
        division_id: 'd290f1ee-6c54-4b01-90e6-d701748f0851',
      },
    },
  },
  {
    family: 'declaration_request',
    id: id(102),
    title: 'Declaration request, NEW, NA: approve without a body',
    seed: { status: 'NEW', authentication_method_current: { type: 'NA' } },
  },
  {
    family: 'declaration_request',
    id: id(103),
    title: 'Declaration request, APPROVED: resend_otp and approve answer 409',
    seed: {
      status: 'APPROVED',
      authentication_method_current: { type: 'OTP', phone_number: '+380501110103' },
    },
  },
  // An authentication method request belongs to a person: the seed makes the person (id 201) with
  // the OTP phone as its current method (seedAmrData, domain/authentication-method-request-family.ts).
  {
    family: 'authentication_method_request',
    id: id(201),
    title: `Authentication method request of person ${id(201)}, NEW, OTP +380501110201: resend_otp sends the code, approve spends it`,
    seed: {
      status: 'NEW',
      authentication_method_current: { type: 'OTP', phone_number: '+380501110201' },
      data: { person_id: id(201) },
    },
  },
  {
    family: 'authentication_method_request',
    id: id(202),
    title: `Authentication method request of person ${id(202)}, COMPLETED: resend_otp and approve answer 409`,
    seed: {
      status: 'COMPLETED',
      authentication_method_current: { type: 'OTP', phone_number: '+380501110202' },
      data: { person_id: id(202) },
    },
  },
  // Confidant person relationship requests (UA:2485-2630): the person of the path is data.person_id.
  {
    family: 'confidant_person_relationship_request',
    id: id(111),
    title: 'Confidant person relationship request, NEW, OTP: resend_otp sends the code, approve spends it',
    seed: {
      status: 'NEW',
      authentication_method_current: { type: 'OTP', phone_number: '+380501110111' },
      data: { person_id: id(110), confidant_person_id: id(119) },
    },
  },
  {
    family: 'confidant_person_relationship_request',
    id: id(112),
    title: 'Confidant person relationship request, NEW, OFFLINE, DEACTIVATE: approve without a body',
    seed: {
      status: 'NEW',
      authentication_method_current: { type: 'OFFLINE' },
      data: { person_id: id(110), action: 'DEACTIVATE' },
    },
  },
  {
    family: 'confidant_person_relationship_request',
    id: id(113),
    title: 'Confidant person relationship request, APPROVED: resend_otp and approve answer 409',
    seed: {
      status: 'APPROVED',
      authentication_method_current: { type: 'OTP', phone_number: '+380501110113' },
      data: { person_id: id(110) },
    },
  },
  // Merge requests (UA:3847-4029): a preperson merged into a master person.
  {
    family: 'merge_request',
    id: id(121),
    title: "Merge request, NEW, OTP: resend_otp sends the master person's code, approve spends it",
    seed: {
      status: 'NEW',
      authentication_method_current: { type: 'OTP', phone_number: '+380501110121' },
      data: { master_person_id: id(128), merge_person_id: id(129) },
    },
  },
  {
    family: 'merge_request',
    id: id(122),
    title: 'Merge request, NEW, OFFLINE: approve without a body',
    seed: { status: 'NEW', authentication_method_current: { type: 'OFFLINE' } },
  },
  {
    family: 'merge_request',
    id: id(123),
    title: 'Merge request, APPROVED: resend_otp and approve answer 409',
    seed: {
      status: 'APPROVED',
      authentication_method_current: { type: 'OTP', phone_number: '+380501110123' },
    },
  },
];

export async function seedDemo(engine: Engine): Promise<void> {
  await engine.store.putClientSecret('demo-client', DEMO_API_KEY);
  for (const [token, scopes] of Object.entries(demoTokens)) {
    await engine.store.putToken({ token, clientId: 'demo-client', scopes });
  }
  for (const pr of demoPersonRequests) {
    await engine.control.createPersonRequest(pr.seed, pr.id);
  }
  for (const r of demoRequests) await engine.control.seedRequest(r.family, r.seed, r.id);
}

/** The phone of the demo flow: not used by any seeded request, so its SMS are the flow's own. */
export const DEMO_FLOW_PHONE = '+380501239999';

/** The demo flow's person without its methods: the spec's v2 create example (Person_info_Public); tests build on it. */
export const DEMO_PERSON = examplePerson() as Omit<
  components['schemas']['PersonV2'],
  'authentication_methods'
>;

/** A v2 create body for the demo flow, as one line of JSON. */
export const DEMO_PERSON_REQUEST = JSON.stringify({
  person: { ...DEMO_PERSON, authentication_methods: [{ type: 'OTP', phone_number: DEMO_FLOW_PHONE }] },
  patient_signed: false,
  process_disclosure_data_consent: true,
});

/**
 * The whole person-request flow as a curl session (bash, with jq): verify the phone → create →
 * read the SMS → approve with its code → sign the approved data (base64 of its JSON with
 * `patient_signed: true`, DIV-PR-SIGN-NO-SIGNATURE-CHECK). The SMS is read from the control API
 * when it is on, else from the `sms` line the demo log prints.
 */
export function demoFlow(url: string, control: boolean): string[] {
  const phone = encodeURIComponent(DEMO_FLOW_PHONE);
  const readSms = control
    ? `CODE=$(curl -s -H "Authorization: Bearer $CONTROL_TOKEN" '${url}/__control/sms?phone_number=${phone}' | jq -r '.data[0].code')`
    : `CODE=<the code on the newest "sms  ${DEMO_FLOW_PHONE}" line below>`;
  return [
    'The person request flow (bash + jq):',
    `  api() { curl -s -H 'Authorization: Bearer demo-token-all-scopes' -H 'api-key: ${DEMO_API_KEY}' -H 'Content-Type: application/json' "$@"; }`,
    `  api -X POST ${url}/api/verifications -d '{"phone_number":"${DEMO_FLOW_PHONE}"}'`,
    `  ${readSms}`,
    `  api -X PATCH ${url}/api/verifications/${phone}/actions/complete -d "{\\"code\\": $CODE}"`,
    `  ID=$(api -X POST ${url}/api/v2/person_requests -d '${DEMO_PERSON_REQUEST}' | jq -r .data.id)`,
    `  ${readSms}`,
    `  SIGNED=$(api -X PATCH ${url}/api/v2/person_requests/$ID/actions/approve -d "{\\"verification_code\\": $CODE}" | jq -c '.data + {patient_signed: true}' | base64 -w0)`,
    `  api -X PATCH ${url}/api/v2/person_requests/$ID/actions/sign -d "{\\"signed_content\\": \\"$SIGNED\\"}"`,
  ];
}
