import { isObject } from '../json.js';
import type { Exchange, Expectation } from '../scenario.js';

/** `POST /api/verifications → 422`: how every reason names the request it is about. */
export function requestLine(exchange: Exchange): string {
  return `${exchange.method} ${exchange.path} → ${exchange.status}`;
}

/** A short excerpt of what the target sent, for failure reasons. */
export function excerpt(text: string, max = 240): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

/** The ways `exchange` differs from `expected`; empty when it matches. */
export function mismatches(exchange: Exchange, expected: Expectation): string[] {
  const out: string[] = [];
  if (exchange.status !== expected.status)
    return [`expected status ${expected.status}, got ${exchange.status}`];
  const body = exchange.body;
  const error = expected.bare === true ? body : isObject(body) ? body.error : undefined;
  const wantsError =
    expected.type !== undefined ||
    expected.message !== undefined ||
    expected.noMessage === true ||
    expected.invalid !== undefined;
  if (wantsError && !isObject(error))
    return [expected.bare === true ? 'expected a bare error object' : 'expected an error object'];
  if (isObject(error)) {
    if (expected.type === null && 'type' in error)
      out.push(`expected no error.type, got ${JSON.stringify(error.type)}`);
    if (typeof expected.type === 'string' && error.type !== expected.type) {
      out.push(`expected error.type "${expected.type}", got ${JSON.stringify(error.type)}`);
    }
    out.push(...messageMismatch(error.message, expected));
    if (expected.invalid !== undefined) out.push(...invalidMismatch(error.invalid, expected.invalid));
  }
  if (expected.header !== undefined && exchange.headers.get(expected.header) === null) {
    out.push(`expected a ${expected.header} header`);
  }
  return out;
}

function messageMismatch(message: unknown, expected: Expectation): string[] {
  if (expected.noMessage === true && message !== undefined)
    return [`expected no error.message, got ${JSON.stringify(message)}`];
  if (expected.message === undefined) return [];
  if (typeof message !== 'string')
    return [`expected error.message ${describeMessage(expected.message)}, got ${JSON.stringify(message)}`];
  const ok =
    typeof expected.message === 'string' ? message === expected.message : expected.message.test(message);
  return ok ? [] : [`expected error.message ${describeMessage(expected.message)}, got "${message}"`];
}

function describeMessage(message: string | RegExp): string {
  return typeof message === 'string' ? `"${message}"` : `matching ${message}`;
}

function invalidMismatch(invalid: unknown, wanted: NonNullable<Expectation['invalid']>): string[] {
  if (!Array.isArray(invalid)) return [`expected error.invalid to be a list, got ${JSON.stringify(invalid)}`];
  const out: string[] = [];
  for (const want of wanted) {
    const found = invalid.some(
      (item: unknown) =>
        isObject(item) &&
        (want.entry === undefined || item.entry === want.entry) &&
        (want.entryType === undefined || item.entry_type === want.entryType) &&
        (want.rule === undefined ||
          (Array.isArray(item.rules) &&
            item.rules.some((r: unknown) => isObject(r) && r.rule === want.rule))),
    );
    if (!found) {
      const parts = [
        want.entry && `entry ${want.entry}`,
        want.entryType && `entry_type ${want.entryType}`,
        want.rule && `rule ${want.rule}`,
      ];
      out.push(
        `expected an error.invalid item with ${parts.filter(Boolean).join(', ')}, got ${excerpt(JSON.stringify(invalid), 300)}`,
      );
    }
  }
  return out;
}
