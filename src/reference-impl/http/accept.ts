/**
 * Whether an `Accept` header admits the JSON this server answers. The OTP router runs Phoenix's
 * `accepts ["json"]` (OTP web/router.ex:14; the real-service findings C10): no header, or one
 * naming `application/json`, `application/*` or any type (star slash star) passes, anything else is a 406. Own code,
 * not `negotiator`: the question is one yes/no, not a ranking, and it keeps the runtime
 * dependencies few. A range with `q=0` is "not acceptable" (RFC 9110 §12.4.2), so it does not count.
 */
export function acceptsJson(accept: string | undefined): boolean {
  if (accept === undefined || accept === '*/*' || accept === 'application/json') return true;
  if (accept.trim() === '') return true;
  return accept.split(',').some((range) => {
    const [type = '', ...params] = range.split(';').map((part) => part.trim().toLowerCase());
    const refused = params.some((p) => /^q=0(\.0{0,3})?$/.test(p.replace(/\s+/g, '')));
    return !refused && (type === 'application/json' || type === 'application/*' || type === '*/*');
  });
}
