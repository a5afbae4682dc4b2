import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/reference-impl/engine.js';
import { inboxAccessFor } from '../../src/web/inbox-access.js';
import { cleanEnv, runCli } from '../cli/support/cli.js';
import { ORIGIN } from './support/fixture.js';

/**
 * Issue 18, defect 2: `--control-token=` (empty) failed open: the banner said the control API was
 * on and `/inbox?token=` signed anyone in. The CLI now refuses it as a usage error (exit 2), and
 * the two places that take a token refuse an empty one themselves. Checked against the defect:
 * without the guards in control/control-api.ts and web/inbox-access.ts the last two tests fail
 * (401 instead of 404; an inbox access of mode `token` with token '').
 */
describe('an empty control token never turns anything on', () => {
  it.each([
    ['--control-token=', ['serve', '--port', '0', '--control-token='], {}],
    ['the environment variable set to ""', ['serve', '--port', '0'], { EHEALTH_OTP_KIT_CONTROL_TOKEN: '' }],
  ])('serve with %s exits 2 with a usage error and never listens', async (_, args, env) => {
    const result = await runCli(args, cleanEnv(env));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/control[-_]token.*must not be empty/i);
    expect(result.stdout).not.toContain('listening on');
  });

  it('an engine given an empty token answers 404 on the control API, as with none', async () => {
    const engine = createEngine({ controlToken: '' });
    for (const authorization of ['Bearer ', 'Bearer', '']) {
      const res = await engine.handle({
        method: 'POST',
        target: '/__control/reset',
        origin: ORIGIN,
        headers: { authorization },
        body: undefined,
      });
      expect(res.status).toBe(404);
    }
  });

  it('the inbox refuses to be built behind an empty token', () => {
    expect(() => inboxAccessFor({ demo: true, controlToken: '' })).toThrow(/must not be empty/);
    expect(inboxAccessFor({ demo: true, controlToken: 't' })).toEqual({ mode: 'token', token: 't' });
  });
});

describe('--port out of range (issue 18, defect 6)', () => {
  it.each(['70000', '-1', '4010x'])(
    'serve --port %s exits 2 naming the option, not with a Node message',
    async (port) => {
      const result = await runCli(['serve', '--port', port], cleanEnv());
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('--port');
      expect(result.stderr).not.toMatch(/ERR_SOCKET_BAD_PORT|at .*\.js:\d+/);
    },
  );
});
