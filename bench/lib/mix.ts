import type autocannon from 'autocannon';
import { getOperation } from '../../src/contract/operations.js';
import type { operations } from '../../src/generated/ehealth-otp.js';
import { phoneNumber } from './phones.js';

/**
 * The request mix, one loop per connection (autocannon `requests`):
 *   1. initialize a fresh phone                     → 200
 *   2. complete that phone with a code that cannot be right (1000: a payload digit is never 0)
 *                                                    → 403 Invalid verification code (a new SMS)
 *   3. complete a prepared phone with its real code  → 200 VERIFIED
 *   4. get that phone as verified                    → 200
 *   5. resend the OTP of a prepared person request   → 200 (one SMS)
 *   6. read that person request (v1)                → 200 (an integrator polling its status)
 * Every request carries the bearer token and the api-key and is validated by the server. Each
 * phone gets at most 2 SMS and each person request at most RESENDS_PER_PERSON_REQUEST, so the mix
 * stays valid under the default SMS cap (10 per phone per hour).
 */
export type RequestKind =
  | 'initialize'
  | 'completeWrong'
  | 'completeRight'
  | 'getVerified'
  | 'resend'
  | 'getRequest';
export const KINDS: readonly RequestKind[] = [
  'initialize',
  'completeWrong',
  'completeRight',
  'getVerified',
  'resend',
  'getRequest',
];
/** The spec operation each kind calls; method and path come from the spec, not from here. */
export const OPERATION_OF: Readonly<Record<RequestKind, keyof operations>> = {
  initialize: 'initializeVerification',
  completeWrong: 'completeVerification',
  completeRight: 'completeVerification',
  getVerified: 'getVerifiedPhone',
  resend: 'resendPersonRequestOtp',
  getRequest: 'getPersonRequest',
};

/**
 * Operations the mix leaves out, and why (test/contract/operation-coverage.test.ts: every operation
 * is in OPERATION_OF or here). A create → approve → sign cycle needs a verified phone, its SMS code
 * and the approved data per iteration, none of which a prepared pool of slots can hold; the v2 twins
 * and the list add no new path through the engine (the same domain calls as v1, or a scan).
 */
export const NOT_IN_MIX: Readonly<Partial<Record<keyof operations, string>>> = {
  createPersonRequest: 'state-changing flow: needs a verified phone and then the SMS code per iteration',
  createPersonRequestV2: 'as createPersonRequest',
  listPersonRequests: 'a scan of every request: its cost grows with the run, not with the rate',
  getPersonRequestV2: 'the same domain call as getPersonRequest',
  approvePersonRequest: 'spends the code of a request the mix would have to create first',
  approvePersonRequestV2: 'as approvePersonRequest',
  signPersonRequest: 'needs an approved request and its data per iteration',
  signPersonRequestV2: 'as signPersonRequest',
  rejectPersonRequest: 'ends the prepared request, which the resend step needs NEW',
  rejectPersonRequestV2: 'as rejectPersonRequest',
  resendDeclarationRequestOtp: 'the same model call (ConfirmableRequests.resend) as resendPersonRequestOtp',
  resendDeclarationRequestOtpV1: 'as resendDeclarationRequestOtp',
  approveDeclarationRequest: 'spends the code of a request the mix would have to seed and resend first',
  approveDeclarationRequestV1: 'as approveDeclarationRequest',
  createAuthenticationMethodRequest: 'needs a signed person (a whole person-request flow) per iteration',
  approveAuthenticationMethodRequest: 'spends the code of a request the mix would have to create first',
  resendAuthenticationMethodRequestOtp:
    'the same model call (ConfirmableRequests.resend) as resendPersonRequestOtp',
  resendConfidantPersonRelationshipRequestOtp: 'as resendDeclarationRequestOtp, after one person check',
  approveConfidantPersonRelationshipRequest: 'as approveDeclarationRequest',
  resendMergeRequestOtp: 'as resendDeclarationRequestOtp',
  approveMergeRequest: 'as approveDeclarationRequest',
};
export const RESENDS_PER_PERSON_REQUEST = 5;
export const WRONG_CODE = 1000;

/** A prepared phone whose current code is known, and a person request to resend on. */
export interface Slot {
  readonly phone: string;
  readonly code: number;
  readonly personRequestId: string;
}

export interface SlotSource {
  /** A phone never used before in this run. */
  fresh(): string;
  /** The next prepared slot; undefined when the pool ran dry. */
  next(): Slot | undefined;
}

/** Status each kind must answer; anything else is an error. */
export type Expectations = Readonly<Record<RequestKind, number>>;

export interface MixCounters {
  readonly statuses: Record<RequestKind, Record<number, number>>;
  /** Non-2xx answers that the mix asks for (the wrong-code 403s). */
  expectedNon2xx: number;
  /** Any status other than the expected one. */
  unexpected: number;
  poolExhausted: number;
  /** A few unexpected answers, for the error message. */
  readonly samples: string[];
}

export function newCounters(): MixCounters {
  const statuses = Object.fromEntries(KINDS.map((k) => [k, {}])) as Record<
    RequestKind,
    Record<number, number>
  >;
  return { statuses, expectedNon2xx: 0, unexpected: 0, poolExhausted: 0, samples: [] };
}

/** Counter-based phones and one fixed person request: for stateless targets (bare, Prism). */
export class StaticSlots implements SlotSource {
  #n: number;
  constructor(first: number) {
    this.#n = first;
  }
  fresh(): string {
    return phoneNumber(this.#n++);
  }
  next(): Slot {
    return { phone: this.fresh(), code: 1234, personRequestId: '00000000-0000-4000-8000-000000000001' };
  }
}

/** Prepared slots (bench/lib/pool.ts) for the stateful reference server. */
export class PreparedSlots implements SlotSource {
  #i = 0;
  constructor(
    private readonly slots: readonly Slot[],
    private readonly phones: { fresh(): string },
  ) {}
  fresh(): string {
    return this.phones.fresh();
  }
  next(): Slot | undefined {
    return this.slots[this.#i++];
  }
  get used(): number {
    return Math.min(this.#i, this.slots.length);
  }
}

/**
 * The operation's method and a path builder for its one path parameter (or none). The template
 * is split once, so building a path per request costs what a template literal does; `before` and
 * `after` (around the parameter) are what the wrk script (bench/lib/wrk/mix.lua) is given.
 */
export function route(kind: RequestKind): {
  method: string;
  before: string;
  after: string;
  path: (value?: string) => string;
} {
  const op = getOperation(OPERATION_OF[kind]);
  const [before = '', after = ''] = op.path.split(/\{[^}]+\}/);
  if (op.params.length > 1) throw new Error(`${op.operationId}: the mix fills one path parameter`);
  return {
    method: op.method,
    before: op.params.length === 0 ? op.path : before,
    after: op.params.length === 0 ? '' : after,
    path: op.params.length === 0 ? () => op.path : (v = '') => before + v + after,
  };
}

interface Cycle {
  fresh: string;
  slot: Slot;
}

export function buildMix(
  source: SlotSource,
  expect: Expectations,
  counters: MixCounters,
  credentials: { readonly token: string; readonly apiKey: string },
): autocannon.Request[] {
  const auth = { authorization: `Bearer ${credentials.token}`, 'api-key': credentials.apiKey };
  const json = { ...auth, 'content-type': 'application/json' };
  const cycleOf = (context: autocannon.Context): Cycle => context.cycle as Cycle;
  const count =
    (kind: RequestKind) =>
    (status: number, body: string): void => {
      const byStatus = counters.statuses[kind];
      byStatus[status] = (byStatus[status] ?? 0) + 1;
      if (status === expect[kind]) {
        if (status >= 300) counters.expectedNon2xx++;
        return;
      }
      counters.unexpected++;
      if (counters.samples.length < 5) counters.samples.push(`${kind} → ${status} ${body.slice(0, 200)}`);
    };
  const initialize = route('initialize');
  const completeWrong = route('completeWrong');
  const completeRight = route('completeRight');
  const getVerified = route('getVerified');
  const resend = route('resend');
  const getRequest = route('getRequest');
  return [
    {
      method: initialize.method,
      path: initialize.path(),
      setupRequest: (req, context) => {
        let slot = source.next();
        if (slot === undefined) {
          // Keeps the load going; the answers to the unprepared phone count as errors.
          counters.poolExhausted++;
          slot = {
            phone: source.fresh(),
            code: 1234,
            personRequestId: '00000000-0000-4000-8000-000000000001',
          };
        }
        const cycle: Cycle = { fresh: source.fresh(), slot };
        context.cycle = cycle;
        return { ...req, headers: json, body: `{"phone_number":"${cycle.fresh}"}` };
      },
      onResponse: count('initialize'),
    },
    {
      method: completeWrong.method,
      setupRequest: (req, context) => ({
        ...req,
        path: completeWrong.path(cycleOf(context).fresh),
        headers: json,
        body: `{"code":${WRONG_CODE}}`,
      }),
      onResponse: count('completeWrong'),
    },
    {
      method: completeRight.method,
      setupRequest: (req, context) => {
        const { slot } = cycleOf(context);
        return {
          ...req,
          path: completeRight.path(slot.phone),
          headers: json,
          body: `{"code":${slot.code}}`,
        };
      },
      onResponse: count('completeRight'),
    },
    {
      method: getVerified.method,
      setupRequest: (req, context) => ({
        ...req,
        path: getVerified.path(cycleOf(context).slot.phone),
        headers: auth,
      }),
      onResponse: count('getVerified'),
    },
    {
      method: resend.method,
      setupRequest: (req, context) => ({
        ...req,
        path: resend.path(cycleOf(context).slot.personRequestId),
        headers: auth,
      }),
      onResponse: count('resend'),
    },
    {
      method: getRequest.method,
      setupRequest: (req, context) => ({
        ...req,
        path: getRequest.path(cycleOf(context).slot.personRequestId),
        headers: auth,
      }),
      onResponse: count('getRequest'),
    },
  ];
}
