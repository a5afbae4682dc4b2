import type { RequestRecord } from '../reference-impl/adapters/node.js';
import { toErrorReply } from '../reference-impl/http/errors.js';
import type { Settings } from '../reference-impl/settings.js';
import type { LogLevel } from './serve-options.js';

export interface RequestLogOptions {
  readonly format: 'pretty' | 'json';
  readonly level: LogLevel;
  /**
   * Mask query values (the inbox takes `?token=`): outside demo mode, and in demo mode once a
   * control token of one's own is set (only the printed demo token is public).
   */
  readonly maskQueries: boolean;
  readonly settings: Settings;
  /** Receives whole lines; `serve` hands it a line batch, so a busy server writes once per turn. */
  readonly write: (line: string) => void;
}

/** The messages the engine's error table gives the three 403s of complete (http/errors.ts). */
const message = (code: 'code_mismatch' | 'verification_expired' | 'verification_inactive') =>
  toErrorReply({ code }).error.message ?? '';
const COMPLETE = /^\/api\/verifications\/[^/?]+\/actions\/complete(?:\?|$)/;

/**
 * Why a complete answered 403, in words, for the one 403 whose consequence is invisible on the
 * wire: under the resend policy (seeds/002 "Not matched") a wrong code voids the code AND sends a
 * new SMS, so the code the user still holds is dead and the SMS cap has moved. The rule is read
 * from the answer's message and the setting, the same pair that decided it in domain/verifications.ts.
 */
function explainForbidden(
  record: RequestRecord,
  error: ReplyError | undefined,
  settings: Settings,
): string | undefined {
  if (record.status !== 403 || !COMPLETE.test(record.target)) return undefined;
  const text = error?.message;
  if (text === message('code_mismatch')) {
    return settings.wrongCodePolicy === 'resend'
      ? 'wrong code: it is void now and a NEW code was sent by SMS (--wrong-code-policy resend, seeds/002); complete with the newest code'
      : `wrong code: the code stays active until ${settings.maxAttempts} wrong tries (--wrong-code-policy attempts)`;
  }
  if (text === message('verification_expired'))
    return `the code expired (--code-lifetime ${settings.codeLifetimeSeconds} s); POST /api/verifications sends a new one`;
  if (text === message('verification_inactive'))
    return 'no active code (used, voided by a wrong try, or locked); POST /api/verifications sends a new one';
  return undefined;
}

interface ReplyError {
  readonly type?: string;
  readonly message?: string;
}

/** The `error` of an error answer's envelope, parsed once per logged request; undefined for others. */
function replyError(record: RequestRecord): ReplyError | undefined {
  if (record.status < 400 || record.reply === undefined) return undefined;
  try {
    return (JSON.parse(record.reply.body) as { error?: ReplyError }).error;
  } catch {
    return undefined;
  }
}

/** The three messages explainForbidden words a note for, as they appear in a serialized envelope. */
const FORBIDDEN_MESSAGES = (['code_mismatch', 'verification_expired', 'verification_inactive'] as const).map(
  (code) => ({ message: message(code), serialized: `"message":${JSON.stringify(message(code))}` }),
);

/** Which of the three messages a 403's body carries; undefined for any other body. */
function forbiddenMessage(record: RequestRecord): ReplyError | undefined {
  const body = record.reply?.body;
  if (body === undefined) return undefined;
  const found = FORBIDDEN_MESSAGES.find((m) => body.includes(m.serialized));
  return found === undefined ? undefined : { message: found.message };
}

function errorText(error: ReplyError | undefined): string | undefined {
  return error === undefined
    ? undefined
    : [error.type, error.message].filter((p) => p !== undefined).join(': ');
}

/** `?token=abc&x=1` → `?token=***&x=***`: names stay (they say what was asked), values do not. */
function maskQuery(target: string): string {
  const q = target.indexOf('?');
  if (q === -1) return target;
  const params = target
    .slice(q + 1)
    .split('&')
    .map((pair) => `${pair.split('=')[0]}=***`);
  return `${target.slice(0, q)}?${params.join('&')}`;
}

/** A `RequestRecord` consumer for `startServer({ onRequest })`, or undefined when requests are not logged. */
export function requestLogger(options: RequestLogOptions): ((record: RequestRecord) => void) | undefined {
  const { format, level, maskQueries, settings, write } = options;
  if (level !== 'info' && level !== 'debug') return undefined;
  return (record) => {
    const path = maskQueries ? maskQuery(record.target) : record.target;
    const ms = Math.round(record.durationMs * 10) / 10;
    // Parsed only when a line will use it: any error at debug. A 403 of complete (its note) at
    // info needs only its message, which is one of three known ones: found in the body as
    // JSON.stringify wrote it (the envelope's serializer), without parsing the body back.
    const parsed =
      level === 'debug'
        ? replyError(record)
        : record.status === 403 && COMPLETE.test(record.target)
          ? forbiddenMessage(record)
          : undefined;
    const note = explainForbidden(record, parsed, settings);
    const error = level === 'debug' ? errorText(parsed) : undefined;
    if (format === 'json') {
      const line: Record<string, unknown> = {
        time: new Date().toISOString(),
        level: 'info',
        msg: 'request',
        method: record.method,
        path,
        status: record.status,
        duration_ms: ms,
        request_id: record.requestId ?? null,
      };
      if (error !== undefined) line.error = error;
      if (note !== undefined) line.note = note;
      write(`${JSON.stringify(line)}\n`);
      return;
    }
    const extra = [error, note].filter((p) => p !== undefined).join('; ');
    write(
      `http ${record.method} ${path} ${record.status} ${ms} ms${record.requestId === undefined ? '' : ` id ${record.requestId}`}${extra === '' ? '' : `  ${extra}`}\n`,
    );
  };
}
