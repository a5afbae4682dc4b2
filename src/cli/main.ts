#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { didYouMean } from './did-you-mean.js';
import { type CommandHelp, renderHelp } from './help.js';
import { type Io, processIo, UsageError } from './io.js';
import { mockHelp } from './mock.js';
import { serveHelp } from './serve-options.js';

/** The package's version; this file sits two levels below the package root as source and as build. */
function version(): string {
  const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version?: string;
  };
  return manifest.version ?? 'unknown';
}

const CONFORM_SUMMARY = 'certify a deployment of the eHealth OTP flow against the contract';
const COMMANDS = ['serve', 'mock', 'conform', 'verify', 'verify-report', 'help'] as const;

const usage = `ehealth-otp-kit: a contract-first mock, reference server and conformance suite for eHealth's OTP flow

Usage: ehealth-otp-kit <command> [options]

Commands:
  serve     ${serveHelp.summary}
  mock      ${mockHelp.summary}
  conform   ${CONFORM_SUMMARY}
  verify    check a signed conformance report (conform --sign KEY) offline; alias verify-report
  help      help <command> shows a command's options, environment, examples and exit codes

Options:
  --version   print the version
  --help, -h  this help

Run "ehealth-otp-kit help <command>" or "ehealth-otp-kit <command> --help" for a command's options.
Exit codes: 0 success, 1 failure (see each command), 2 usage error.
`;

/** conform's help is its own (src/conformance/cli.ts); the summary and examples are added here. */
async function conformHelp(): Promise<string> {
  const { USAGE } = await import('../conformance/cli.js');
  return `ehealth-otp-kit conform: ${CONFORM_SUMMARY}\n\n${USAGE}
Examples:
  ehealth-otp-kit conform --target http://127.0.0.1:4010 --control-token secret --out reports/
  ehealth-otp-kit conform --target https://sandbox.example --config conform.yaml --reporter junit
`;
}

async function helpFor(command: string): Promise<string> {
  const helps: Readonly<Record<string, CommandHelp>> = { serve: serveHelp, mock: mockHelp };
  const help = helps[command];
  if (help !== undefined) return renderHelp(help);
  if (command === 'conform') return conformHelp();
  if (command === 'help') return usage;
  if (command === 'verify' || command === 'verify-report')
    return (await import('../conformance/report/verify-command.js')).VERIFY_USAGE;
  throw new UsageError(
    `unknown command "${command}"${didYouMean(command, COMMANDS)}; commands: ${COMMANDS.join(', ')}`,
  );
}

const isHelpFlag = (arg: string | undefined) => arg === '--help' || arg === '-h';

async function dispatch(argv: readonly string[], io: Io): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined) {
    io.stderr(usage);
    return 2;
  }
  if (isHelpFlag(command)) {
    io.stdout(usage);
    return 0;
  }
  if (command === '--version' || command === '-v' || command === 'version') {
    io.stdout(`${version()}\n`);
    return 0;
  }
  if (command === 'help') {
    io.stdout(rest[0] === undefined ? usage : await helpFor(rest[0]));
    return 0;
  }
  switch (command) {
    case 'serve': {
      const { runServe } = await import('./serve.js');
      return runServe(rest, io);
    }
    case 'conform': {
      if (rest.some(isHelpFlag)) {
        io.stdout(await conformHelp());
        return 0;
      }
      const { runConformCommand } = await import('../conformance/cli.js');
      const terminal = { stdout: process.stdout.isTTY === true, stderr: process.stderr.isTTY === true };
      return runConformCommand(rest, io === processIo ? { ...io, terminal } : io);
    }
    case 'verify':
    case 'verify-report': {
      const { runVerifyReportCommand } = await import('../conformance/report/verify-command.js');
      return runVerifyReportCommand(rest, io);
    }
    case 'mock': {
      const { runMock } = await import('./mock.js');
      return runMock(rest, io);
    }
    default:
      throw new UsageError(
        command.startsWith('-')
          ? `unknown option "${command}"${didYouMean(command.replace(/^-+/, ''), ['version', 'help'], '--')}; a command comes first (${COMMANDS.join(', ')})`
          : `unknown command "${command}"${didYouMean(command, COMMANDS)}; commands: ${COMMANDS.join(', ')}`,
      );
  }
}

export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  try {
    return await dispatch(argv, io);
  } catch (error) {
    // Usage, argument and start-up errors: the kit's own lines, never a stack trace.
    const message = error instanceof Error ? error.message : String(error);
    const topic = argv[0] === 'serve' || argv[0] === 'mock' || argv[0] === 'conform' ? ` ${argv[0]}` : '';
    const usageError =
      error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS') === true;
    io.stderr(
      `${message
        .split('\n')
        .map((line) => `ehealth-otp-kit: ${line}`)
        .join('\n')}\n${usageError ? `Run "ehealth-otp-kit help${topic}" for usage.\n` : ''}`,
    );
    return usageError ? 2 : 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
