import type { ExchangeRecord } from '../runner/context.js';

/** POSIX shell single quotes: nothing inside is special except the quote itself. */
function quote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** Headers curl sets itself, or that describe this one transfer rather than the request. */
const OWN_HEADERS = new Set(['content-length', 'host', 'connection']);

/**
 * One exchange as a copy-paste `curl` command: the method, URL, headers and body as sent (after
 * masking: a masked token reads `Bearer ****` and must be replaced before it runs; with
 * `--no-mask` the line runs as is). `-i` prints the answer's status and headers, as the report shows.
 * Undefined for an exchange recorded without its URL (reports of older versions).
 */
export function curlOf(exchange: ExchangeRecord): string | undefined {
  if (exchange.url === undefined) return undefined;
  const parts = ['curl', '-sS', '-i', '-X', exchange.method, quote(exchange.url)];
  for (const [name, value] of Object.entries(exchange.request?.headers ?? {})) {
    if (!OWN_HEADERS.has(name.toLowerCase())) parts.push('-H', quote(`${name}: ${value}`));
  }
  if (exchange.request?.body !== undefined) parts.push('--data-raw', quote(exchange.request.body));
  return parts.join(' ');
}

/**
 * How to reproduce a scenario: a curl line per request it made, in order (a failure often needs the
 * steps before it: initialize, then complete with the code). Codes read from the outbox are masked
 * unless `--no-mask`; read the phone's SMS (`GET /__control/sms`) for the new code when replaying.
 */
export function reproduce(exchanges: readonly ExchangeRecord[]): string[] {
  return exchanges.map(curlOf).filter((line): line is string => line !== undefined);
}
