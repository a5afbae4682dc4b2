import { listScopes } from '../contract/operations.js';
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
