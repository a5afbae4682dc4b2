import type { ApiRequest, Need, OperationId, Scenario, ScenarioContext } from '../scenario.js';
import { MESSAGES } from './messages.js';

export interface BodyTarget {
  readonly prefix: string;
  readonly operation: OperationId;
  readonly label: string;
  readonly needs: readonly Need[];
  /** An authenticated request to which a body problem is added; `json` is the body it would send. */
  readonly request: (
    ctx: ScenarioContext,
  ) => Promise<{ readonly request: ApiRequest; readonly json: Record<string, unknown> }>;
}

/** A body cut short: not JSON at all. */
function corrupt(json: Record<string, unknown>): string {
  const text = JSON.stringify(json);
  return text.slice(0, Math.max(1, text.length - 3));
}

/** 400 malformed JSON and 415 wrong content type (CONTRACT.md table); answers enveloped, no internals. */
export function bodyErrorScenarios(target: BodyTarget): Scenario[] {
  const base = { operation: target.operation, needs: target.needs, required: true } as const;
  return [
    {
      ...base,
      id: `${target.prefix}-400-MALFORMED-JSON`,
      title: `${target.label} with a corrupted JSON body answers 400 request_malformed.`,
      contract: `400 request_malformed "${MESSAGES.malformed}" (+ invalid [{entry_type: request, rules: [{rule: json}]}])`,
      async run(ctx: ScenarioContext) {
        const { request, json } = await target.request(ctx);
        const exchange = await ctx.call(target.operation, {
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
      title: `${target.label} with a text/plain body answers 415 content_type_invalid.`,
      contract:
        '415 content_type_invalid "Invalid Content-Type header. Try to set \'Content-Type: application/json\' header: ..."',
      async run(ctx: ScenarioContext) {
        const { request, json } = await target.request(ctx);
        const exchange = await ctx.call(target.operation, {
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
  return JSON.stringify({ ...json, padding: 'x'.repeat(pad) });
}
