import { isEchoableRequestId } from '../envelope-check.js';
import { isObject } from '../json.js';
import { requestLine } from '../runner/expect.js';
import type { Exchange, OperationId, Scenario, ScenarioContext } from '../scenario.js';
import { verifiedPhoneRequest } from './api.js';

/*
 * The envelope is checked on every response of every scenario; these scenarios aim at the parts a
 * normal call does not exercise: request ids of every length class, and a query string. A GET of a
 * fresh phone is the cheapest enveloped answer there is. Only `meta` is under test: whatever the
 * status and however getVerifiedPhone words its answer (404, the documented 422, or even a wrong
 * 200), the probe takes it, and leaves it out of the spec check, so that a defect or a divergence
 * of getVerifiedPhone is reported by the getVerifiedPhone scenarios alone.
 */
const operation = 'getVerifiedPhone' satisfies OperationId;

function metaOf(ctx: ScenarioContext, exchange: Exchange): Record<string, unknown> {
  const meta = isObject(exchange.body) ? exchange.body.meta : undefined;
  ctx.check(isObject(meta), `${requestLine(exchange)}: no meta object`);
  return meta;
}

/** `requestId` undefined: the suite's generated id; null: no header at all. */
async function probe(
  ctx: ScenarioContext,
  requestId: string | null | undefined,
  query = '',
): Promise<{ exchange: Exchange; id: unknown }> {
  const { token } = await ctx.credentials(operation);
  const request = verifiedPhoneRequest(token, ctx.phone());
  const exchange = await ctx.call(
    operation,
    { ...request, path: `${request.path}${query}`, ...(requestId !== undefined && { requestId }) },
    { schema: false },
  );
  return { exchange, id: metaOf(ctx, exchange).request_id };
}

/** Request ids at both edges of the 20-200 range Plug.RequestId reuses (reference §2.2). */
const ids = {
  min: 'conformance-'.padEnd(20, 'x'),
  max: 'conformance-'.padEnd(200, 'x'),
  short: 'conformance-'.padEnd(19, 'x'),
  long: 'conformance-'.padEnd(201, 'x'),
};

export const envelopeScenarios: readonly Scenario[] = [
  {
    id: 'ENVELOPE-REQUEST-ID-ECHO',
    tags: ['envelope:request-id-echo'],
    title:
      'An X-Request-ID of 20 and of 200 characters is echoed in meta.request_id and the X-Request-ID header.',
    operation,
    contract:
      'meta.request_id "the request\'s X-Request-ID when it is 20 to 200 characters long … the same value in the X-Request-ID response header"',
    needs: [],
    required: true,
    async run(ctx: ScenarioContext) {
      for (const sent of [ids.min, ids.max]) {
        const { exchange, id } = await probe(ctx, sent);
        ctx.check(
          id === sent,
          `${requestLine(exchange)}: meta.request_id ${JSON.stringify(id)} does not echo the ${sent.length}-character X-Request-ID`,
        );
        ctx.check(
          exchange.headers.get('x-request-id') === sent,
          `${requestLine(exchange)}: the X-Request-ID header does not echo the ${sent.length}-character id`,
        );
      }
    },
  },
  {
    id: 'ENVELOPE-REQUEST-ID-FRESH',
    tags: ['envelope:request-id-fresh'],
    title:
      'Without an X-Request-ID, or with one of 19 or 201 characters, the target generates a fresh request id.',
    operation,
    contract: 'meta.request_id "… otherwise a fresh one; the same value in the X-Request-ID response header"',
    needs: [],
    required: true,
    async run(ctx: ScenarioContext) {
      const seen: unknown[] = [];
      for (const sent of [ids.short, ids.long, null, null]) {
        const { exchange, id } = await probe(ctx, sent);
        const line = requestLine(exchange);
        ctx.check(
          typeof id === 'string' && id !== '',
          `${line}: meta.request_id is ${JSON.stringify(id)}, expected a fresh id`,
        );
        if (sent !== null)
          ctx.check(
            !isEchoableRequestId(sent) && id !== sent,
            `${line}: a ${sent.length}-character X-Request-ID was reused`,
          );
        ctx.check(
          exchange.headers.get('x-request-id') === id,
          `${line}: the X-Request-ID header differs from meta.request_id`,
        );
        ctx.check(!seen.includes(id), `${line}: meta.request_id ${id} was already used for another request`);
        seen.push(id);
      }
    },
  },
  {
    id: 'ENVELOPE-URL-NO-QUERY',
    tags: ['envelope:url-no-query'],
    title: 'meta.url is the request URL without its query string.',
    operation,
    contract: 'meta.url "the request URL without query string"',
    needs: [],
    required: true,
    async run(ctx: ScenarioContext) {
      // The path itself is compared by the envelope check that runs on every response.
      const { exchange } = await probe(ctx, undefined, '?trace=conformance');
      const url = metaOf(ctx, exchange).url;
      ctx.check(
        typeof url === 'string' && !url.includes('?'),
        `${requestLine(exchange)}: meta.url ${JSON.stringify(url)} carries the query string`,
      );
    },
  },
];
