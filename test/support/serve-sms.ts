import type { ServeProcess } from '../hardening/support/serve-process.js';

/**
 * The code of the `n`-th SMS (1-based) to `phone`, once `serve` in demo mode has printed it on its
 * log (docs/reference-implementation.md "Demo mode"): what the phone received, read as an
 * integrator's own test would, without the control API.
 */
export async function smsCodeFromLog(serve: ServeProcess, phone: string, n: number): Promise<number> {
  const line = new RegExp(`^sms {2}\\${phone} .*\\(code (\\d+)\\)$`, 'gm');
  for (;;) {
    const code = [...serve.output().stdout.matchAll(line)].map((m) => Number(m[1]))[n - 1];
    if (code !== undefined) return code;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
