import { listScopes } from '../contract/operations.js';
import type { components } from '../generated/ehealth-otp.js';
import type { Scope, SeedPersonRequest } from './control/control-state.js';
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

export async function seedDemo(engine: Engine): Promise<void> {
  await engine.store.putClientSecret('demo-client', DEMO_API_KEY);
  for (const [token, scopes] of Object.entries(demoTokens)) {
    await engine.store.putToken({ token, clientId: 'demo-client', scopes });
  }
  for (const pr of demoPersonRequests) {
    await engine.control.createPersonRequest(pr.seed, pr.id);
  }
}

/** The phone of the demo flow: not used by any seeded request, so its SMS are the flow's own. */
export const DEMO_FLOW_PHONE = '+380501239999';

/** The demo flow's person without its methods (Person_info_Public, AP:17795-17820); tests build on it. */
export const DEMO_PERSON = {
  first_name: 'Петро',
  last_name: 'Іванов',
  birth_date: '1991-08-19',
  birth_country: 'Україна',
  birth_settlement: 'Вінниця',
  gender: 'MALE',
  no_tax_id: false,
  tax_id: '3126509816',
  secret: 'secret',
  documents: [{ type: 'PASSPORT', number: 'АА120518', issued_by: 'РВ ГУ МВС', issued_at: '2017-02-28' }],
  addresses: [
    {
      type: 'RESIDENCE',
      country: 'UA',
      area: 'Київ',
      settlement: 'Київ',
      settlement_type: 'CITY',
      settlement_id: 'b075f148-7f93-4fc2-b2ec-2d81b19a9b7b',
    },
  ],
  emergency_contact: {
    first_name: 'Олена',
    last_name: 'Іванова',
    phones: [{ type: 'MOBILE', number: '+380503410870' }],
  },
} satisfies Omit<components['schemas']['PersonV2'], 'authentication_methods'>;

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
