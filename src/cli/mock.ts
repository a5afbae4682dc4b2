import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { specUrls } from '../contract/spec-files.js';
import { type CommandHelp, renderHelp } from './help.js';
import type { Io } from './io.js';
import { hostOption, type Option, portOption, resolveOptions } from './options.js';

export const PRISM_INSTALL = 'npm install --save-dev @stoplight/prism-cli@5.14.2';

/** `mock`'s options: the port and address, read like `serve`'s (flag, then environment). */
export const mockOptions = {
  port: portOption('port to listen on', 1),
  host: hostOption('address to bind'),
} as const satisfies Record<string, Option<unknown>>;

export const mockHelp: CommandHelp = {
  name: 'mock',
  summary: "Prism's stateless mock over the bundled spec's examples",
  usage: 'ehealth-otp-kit mock [options]',
  options: mockOptions,
  notes: [
    "Every call answers the spec's example (openapi/ehealth-otp.yaml); nothing is stored and no code\n" +
      'can be completed. For the stateful flow use "serve".',
    `Needs the optional peer dependency Prism: ${PRISM_INSTALL}`,
  ],
  examples: [
    'ehealth-otp-kit mock --port 4011',
    "curl -s http://127.0.0.1:4011/api/verifications/+380501234567 -H 'Authorization: Bearer x' -H 'Prefer: code=404'",
  ],
  exitCodes: [
    [0, 'stopped by SIGINT or SIGTERM'],
    [1, 'Prism could not start, or exited with an error'],
    [2, 'usage error, or Prism is not installed'],
  ],
};

/** The Prism CLI's entry script, or undefined when the optional peer is not installed. */
export function resolvePrismBin(): string | undefined {
  let manifest: string;
  try {
    manifest = createRequire(import.meta.url).resolve('@stoplight/prism-cli/package.json');
  } catch {
    return undefined;
  }
  const { bin } = JSON.parse(readFileSync(manifest, 'utf8')) as { bin?: string | Record<string, string> };
  const entry = typeof bin === 'string' ? bin : bin?.prism;
  return entry === undefined ? undefined : join(dirname(manifest), entry);
}

function hints(url: string): string {
  return [
    `ehealth-otp-kit mock: Prism's static mock of the eHealth OTP API on ${url} (stateless)`,
    '  every call answers the first example of its first success response; pick another with',
    "    -H 'Prefer: code=404'                         a status the spec lists (401, 403, 404, 409, 422…)",
    "    -H 'Prefer: code=403, example=code_expired'   a named example of that response",
    '      (names: the `examples` keys in openapi/ehealth-otp.yaml, e.g. invalid_code, max_attempts)',
    '  requests that break the spec answer a Prism error; codes are never checked (use "serve")',
    '',
  ].join('\n');
}

/** `mock`: runs Prism on the bundled spec, passes its output through, and stops with it. */
export async function runMock(
  argv: readonly string[],
  io: Io,
  prismBin: () => string | undefined = resolvePrismBin,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<number> {
  const { help, values } = resolveOptions(mockOptions, argv, env);
  if (help) {
    io.stdout(renderHelp(mockHelp));
    return 0;
  }
  const listen = { port: values.port ?? 4010, host: values.host ?? '127.0.0.1' };
  const bin = prismBin();
  if (bin === undefined) {
    io.stderr(`ehealth-otp-kit: mock needs Prism, an optional peer dependency: ${PRISM_INSTALL}\n`);
    return 2;
  }
  const spec = fileURLToPath(specUrls.ehealth);
  const args = [bin, 'mock', spec, '--host', listen.host, '--port', String(listen.port)];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const host = listen.host.includes(':') ? `[${listen.host}]` : listen.host;
  io.stdout(hints(`http://${host}:${listen.port}`));
  child.stdout.on('data', (chunk: Buffer) => io.stdout(chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => io.stderr(chunk.toString()));

  // Ctrl-C or a supervisor's SIGTERM stops Prism too, instead of leaving it bound to the port.
  let stopping = false;
  const forward = (signal: NodeJS.Signals) => {
    stopping = true;
    child.kill(signal);
  };
  const onSigint = () => forward('SIGINT');
  const onSigterm = () => forward('SIGTERM');
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigterm);
  try {
    return await new Promise<number>((resolve) => {
      child.once('error', (error) => {
        io.stderr(`ehealth-otp-kit: could not start Prism: ${error.message}\n`);
        resolve(1);
      });
      child.once('exit', (code) => {
        if (stopping) io.stdout('stopped\n');
        resolve(stopping ? 0 : (code ?? 1));
      });
    });
  } finally {
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigterm);
  }
}
