/** Where a command writes; injected so tests can read it. */
export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
}

export const processIo: Io = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
};

/** A mistake in how the command was called: one line on stderr, exit code 2, no stack trace. */
export class UsageError extends Error {}

/** The command was fine but could not start (a port in use): its own message, exit code 1. */
export class StartError extends Error {}
