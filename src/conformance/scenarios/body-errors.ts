import type { OperationId } from '../operations.js';
import type { Scenario, ScenarioContext } from '../scenario.js';
import { MESSAGES } from './messages.js';
import type { BodyRequest, OperationTarget } from './target.js';

/** A body cut short: not JSON at all. */
function corrupt(json: Record<string, unknown>): string {
  const text = JSON.stringify(json);
  return text.slice(0, Math.max(1, text.length - 3));
}

/** Which of the body family an operation gets (families.ts decides, from the spec). */
export interface BodyFamily {
  readonly tooLarge: boolean;
}

/**
 * 413 too large, 400 malformed JSON and 415 wrong content type for an operation with a
 * `requestBody` (CONTRACT.md table); answers enveloped, no internals. The 422s depend on the
 * operation's own schema and rules, so each operation's file writes them (tagged `body:422`).
 */
export function bodyErrorScenarios(
  operation: OperationId,
  target: OperationTarget,
  body: BodyRequest,
  family: BodyFamily,
): Scenario[] {
  const base = { operation, needs: body.needs, required: true } as const;
  const tooLarge: Scenario = {
    ...base,
    id: `${target.prefix}-413-TOO-LARGE`,
    tags: ['body:413-too-large'],
    title: `${target.label} with a body one byte over the limit answers 413 request_too_large.`,
    contract: `413 request_too_large "${MESSAGES.tooLarge}"`,
    async run(ctx: ScenarioContext) {
      const { request, json } = await body.build(ctx);
      const rawBody = paddedJson(json, ctx.limits.maxBodyBytes + 1);
      const exchange = await ctx.call(operation, { ...request, rawBody });
      ctx.expect(exchange, { status: 413, type: 'request_too_large', message: MESSAGES.tooLarge });
    },
  };
  return [
    ...(family.tooLarge ? [tooLarge] : []),
    {
      ...base,
      id: `${target.prefix}-400-MALFORMED-JSON`,
      tags: ['body:400-malformed-json'],
      divergences: ['DIV-MALFORMED-JSON-BARE'],
      title: `${target.label} with a corrupted JSON body answers 400 request_malformed.`,
      contract: `400 request_malformed "${MESSAGES.malformed}" (+ invalid [{entry_type: request, rules: [{rule: json}]}])`,
      async run(ctx: ScenarioContext) {
        const { request, json } = await body.build(ctx);
        const exchange = await ctx.call(operation, {
          ...request,
          rawBody: corrupt(json),
          contentType: 'application/json',
        });
        ctx.expect(
          exchange,
          {
            status: 400,
            type: 'request_malformed',
            message: MESSAGES.malformed,
            invalid: [{ entryType: 'request', rule: 'json' }],
          },
          [
            {
              divergence: 'DIV-MALFORMED-JSON-BARE',
              expect: { status: 400, bare: true, type: 'request_malformed' },
            },
          ],
        );
      },
    },
    {
      ...base,
      id: `${target.prefix}-415-CONTENT-TYPE`,
      tags: ['body:415-content-type'],
      title: `${target.label} with a text/plain body answers 415 content_type_invalid.`,
      contract:
        '415 content_type_invalid "Invalid Content-Type header. Try to set \'Content-Type: application/json\' header: ..."',
      async run(ctx: ScenarioContext) {
        const { request, json } = await body.build(ctx);
        const exchange = await ctx.call(operation, {
          ...request,
          rawBody: JSON.stringify(json),
          contentType: 'text/plain',
        });
        ctx.expect(exchange, { status: 415, type: 'content_type_invalid', message: MESSAGES.contentType });
      },
    },
  ];
}

/** A JSON object of exactly `bytes` bytes: `json` plus a padding property. */
export function paddedJson(json: Record<string, unknown>, bytes: number): string {
  const empty = JSON.stringify({ ...json, padding: '' });
  const pad = bytes - Buffer.byteLength(empty);
  if (pad < 0) throw new Error(`cannot pad a ${Buffer.byteLength(empty)}-byte body down to ${bytes} bytes`);
  // `padding` is the last key, so the padded body is the empty one with the x's spliced in before
  // its closing `"}`: no second JSON.stringify over a 1 MiB string per 413 scenario (25-120 ms of
  // a run, docs/performance.md "conform under 0.6 s (fifth session)").
  const tail = '"padding":""}';
  if (!empty.endsWith(tail)) return JSON.stringify({ ...json, padding: 'x'.repeat(pad) });
  return `${empty.slice(0, -2)}${'x'.repeat(pad)}"}`;
}
