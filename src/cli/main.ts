#!/usr/bin/env node
import { type Io, processIo, UsageError } from './io.js';
import { runServe, serveUsage } from './serve.js';

const usage = `Usage: ehealth-otp-kit <command> [options]

Commands:
  serve     the stateful reference implementation (demo data by default)
  mock      Prism's static mock over the bundled spec
  conform   certify a deployment against the contract

Run "ehealth-otp-kit <command> --help" for a command's options.

${serveUsage}`;

async function dispatch(argv: readonly string[], io: Io): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    io.stdout(`${usage}\n`);
    return command === undefined ? 2 : 0;
  }
  switch (command) {
    case 'serve':
      if (!rest.includes('--help')) return runServe(rest, io);
      io.stdout(`${serveUsage}\n`);
      return 0;
    case 'conform': {
      const { runConformCommand } = await import('../conformance/cli.js');
      return runConformCommand(rest, io);
    }
    case 'mock': {
      const { runMock } = await import('./mock.js');
      return runMock(rest, io);
    }
    default:
      throw new UsageError(`unknown command "${command}" (serve, mock, conform)`);
  }
}

export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  try {
    return await dispatch(argv, io);
  } catch (error) {
    // Usage and argument errors: one clear line, never a stack trace.
    const message = error instanceof Error ? error.message : String(error);
    io.stderr(`ehealth-otp-kit: ${message}\n`);
    return error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
      ? 2
      : 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
