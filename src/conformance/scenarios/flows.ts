import type { DivergenceId } from '../divergences.js';
import { isObject } from '../json.js';
import { requestLine } from '../runner/expect.js';
import type { Exchange, ScenarioContext } from '../scenario.js';
import { complete, initialize } from './api.js';
import { MESSAGES } from './messages.js';

/** The verification object (CONTRACT.md "The verification object"). */
export interface Verification {
  readonly id: string;
  readonly status: string;
  readonly code_expired_at: string;
  readonly active: boolean;
}

const UTC_SUFFIX = /(?:[Zz]|\+00:00)$/;

/** `data` of a success body; a body without it fails the scenario (not a kit error). */
export function dataOf(ctx: ScenarioContext, exchange: Exchange): Record<string, unknown> {
  const data = isObject(exchange.body) ? exchange.body.data : undefined;
  ctx.check(isObject(data), `${requestLine(exchange)}: expected a data object`);
  return data;
}

/**
 * The verification in `data`, with the status and active flag the contract gives. A lower-case
 * status is the running service's spelling (DIV-STATUS-LOWERCASE).
 */
export function expectVerification(
  ctx: ScenarioContext,
  exchange: Exchange,
  want: { readonly status: 'NEW' | 'VERIFIED'; readonly active: boolean },
): Verification {
  const line = requestLine(exchange);
  const data = dataOf(ctx, exchange);
  const { id, status, code_expired_at: expiresAt, active } = data;
  ctx.check(
    typeof id === 'string' && id !== '',
    `${line}: data.id is ${JSON.stringify(id)}, expected the verification id`,
  );
  ctx.check(
    typeof expiresAt === 'string' && !Number.isNaN(Date.parse(expiresAt)),
    `${line}: data.code_expired_at is ${JSON.stringify(expiresAt)}, expected a date-time`,
  );
  // CONTRACT.md "date-time (UTC)": the spec's `date-time` format accepts any offset, so the suite
  // holds the answer to the contract itself (RFC 3339 writes UTC as Z; -00:00 means "unknown").
  ctx.check(
    UTC_SUFFIX.test(expiresAt),
    `${line}: data.code_expired_at is ${JSON.stringify(expiresAt)}, expected UTC (a Z or +00:00 suffix)`,
  );
  ctx.check(
    active === want.active,
    `${line}: data.active is ${JSON.stringify(active)}, expected ${want.active}`,
  );
  if (status === want.status.toLowerCase()) ctx.divergence('DIV-STATUS-LOWERCASE', exchange);
  else
    ctx.check(
      status === want.status,
      `${line}: data.status is ${JSON.stringify(status)}, expected "${want.status}"`,
    );
  return { id, status: String(status), code_expired_at: expiresAt, active };
}

/**
 * The verification checks first, then the spec: a divergence they recognise (a lower-case status)
 * must be on record before the spec check runs, or the spec's enum would fail it.
 */
export function expectValidVerification(
  ctx: ScenarioContext,
  exchange: Exchange,
  want: { readonly status: 'NEW' | 'VERIFIED'; readonly active: boolean },
): Verification {
  const verification = expectVerification(ctx, exchange, want);
  ctx.expectValid(exchange);
  return verification;
}

/** Initialize answers 200 (Apiary); 201 is the running service (DIV-INIT-201). */
export function expectInitialized(ctx: ScenarioContext, exchange: Exchange): Verification {
  ctx.expect(exchange, { status: 200 }, [{ divergence: 'DIV-INIT-201', expect: { status: 201 } }]);
  return expectValidVerification(ctx, exchange, { status: 'NEW', active: true });
}

/** The newest SMS to `phone`, after checking how many the outbox holds. */
export async function newestCode(
  ctx: ScenarioContext,
  phone: string,
  expectedCount: number,
  after: string,
): Promise<string> {
  const outbox = await ctx.sms(phone);
  ctx.check(
    outbox.length === expectedCount,
    `expected ${expectedCount} SMS to the phone ${after}, the outbox has ${outbox.length}`,
  );
  const [newest] = outbox;
  ctx.check(newest !== undefined, `expected an SMS to the phone ${after}`);
  ctx.check(/^\d+$/.test(newest.code), `the SMS code ${JSON.stringify(newest.code)} is not digits`);
  ctx.check(newest.text.includes(newest.code), 'the SMS text does not contain its code');
  ctx.check(newest.phone_number === phone, `the SMS went to ${newest.phone_number}, expected ${phone}`);
  return newest.code;
}

/** Initialize a fresh phone and read its one SMS. */
export async function issueCode(
  ctx: ScenarioContext,
  token: string,
  phone: string,
): Promise<{ verification: Verification; code: string }> {
  const verification = expectInitialized(ctx, await initialize(ctx, token, phone));
  return { verification, code: await newestCode(ctx, phone, 1, 'after initialize') };
}

export async function expectCompleted(
  ctx: ScenarioContext,
  token: string,
  phone: string,
  code: string,
): Promise<Verification> {
  const exchange = await complete(ctx, token, phone, code);
  ctx.expect(exchange, { status: 200 });
  return expectValidVerification(ctx, exchange, { status: 'VERIFIED', active: false });
}

/** Makes `phone` a verified phone through the API itself (initialize, read the SMS, complete). */
export async function verifyPhone(ctx: ScenarioContext, phone: string): Promise<void> {
  const { token } = await ctx.credentials('initializeVerification');
  const { code } = await issueCode(ctx, token, phone);
  await expectCompleted(ctx, token, phone, code);
}

/**
 * After a new code replaced `oldCode`: the old one answers 403 `Invalid verification code` (the
 * newest verification is the one compared), and the newest code in the outbox completes. Under the
 * seed-002 policy the rejected old code itself triggers one more SMS, so "newest" is read afterwards.
 */
export async function expectOldCodeReplaced(
  ctx: ScenarioContext,
  token: string,
  phone: string,
  oldCode: string,
  newCode: string,
): Promise<void> {
  if (oldCode === newCode) {
    ctx.note('the old and the new code are equal by chance; only the new code was checked');
  } else {
    const old = await complete(ctx, token, phone, oldCode);
    ctx.expect(old, { status: 403, type: 'forbidden', message: MESSAGES.invalidCode });
  }
  const [newest] = await ctx.sms(phone);
  ctx.check(newest !== undefined, 'the outbox of the phone is empty');
  await expectCompleted(ctx, token, phone, newest.code);
}

/** A number that is not `code` (any other number is a wrong code). */
export function wrongCodeFor(code: string): number {
  return Number(code) === 1116 ? 1232 : 1116;
}

/**
 * The divergences every scenario that initializes a code can report: initialize's 201
 * (expectInitialized) and the lower-case statuses of the verification it reads (expectVerification).
 */
export const ISSUES_CODE = [
  'DIV-INIT-201',
  'DIV-STATUS-LOWERCASE',
] as const satisfies readonly DivergenceId[];
