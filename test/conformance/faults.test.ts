import { afterEach, describe, expect, it } from 'vitest';
import { runConformance } from '../../src/conformance/runner/run.js';
import { UsageError } from '../../src/conformance/runner/signals.js';
import { configWithTokens, startTinyServer } from './helpers.js';

/*
 * A target that misbehaves at the transport level must give failed scenarios with a clear reason;
 * the runner itself must neither crash nor hang. That the per-request timeout fired is read from
 * each reason ("no complete response within 300 ms"), not from a clock: tests never assert timings.
 */
const only = ['VERIFIED-PHONE-404', 'INIT-401-NO-TOKEN', 'COMPLETE-422-CAST'];
let close: (() => Promise<void>) | undefined;

afterEach(async () => {
  await close?.();
  close = undefined;
});

async function runAgainst(handler: Parameters<typeof startTinyServer>[0], timeoutMs = 300) {
  const server = await startTinyServer(handler);
  close = server.close;
  const report = await runConformance({ target: server.url, config: configWithTokens(), only, timeoutMs });
  return { report };
}

function reasons(report: Awaited<ReturnType<typeof runConformance>>): string[] {
  return report.scenarios.map((r) => `${r.status}: ${r.reason ?? ''}`);
}

describe('a misbehaving target', () => {
  it('that never answers fails each scenario after the request timeout', async () => {
    const { report } = await runAgainst(() => {});
    for (const line of reasons(report))
      expect(line).toMatch(
        /^failed: (GET|POST|PATCH) \/api\/verifications\S*: no complete response within 300 ms$/,
      );
  });

  it('that sends headers and then stalls the body fails on the same timeout', async () => {
    const { report } = await runAgainst((_req, res) => {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.write('{"meta":');
    });
    for (const line of reasons(report)) expect(line).toMatch(/no complete response within 300 ms$/);
  });

  it('that resets connections fails each scenario with the connection error', async () => {
    const { report } = await runAgainst((req) => req.socket.destroy());
    for (const line of reasons(report))
      expect(line).toMatch(/^failed: \S+ \/api\/verifications\S*: connection failed \(.+\)$/);
  });

  it('that answers something other than JSON fails each scenario saying so', async () => {
    const { report } = await runAgainst((_req, res) => {
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end('<html><body>Bad gateway</body></html>');
    });
    for (const line of reasons(report)) {
      expect(line).toMatch(
        /→ 502: the body is not JSON \(Content-Type text\/html\): <html><body>Bad gateway<\/body><\/html>$/,
      );
    }
  });

  it('that streams a huge body stops reading at 1 MiB and fails', async () => {
    const { report } = await runAgainst((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      let sent = 0;
      const push = (): void => {
        while (sent < 64 * 1024 * 1024) {
          sent += chunk.length;
          if (!res.write(chunk)) {
            res.once('drain', push);
            return;
          }
        }
        res.end();
      };
      push();
    }, 5000);
    // The status still arrived, so each scenario names it too; the size is among the problems.
    for (const r of report.scenarios) {
      expect(r.status, r.id).toBe('failed');
      expect(r.problems, r.id).toContainEqual(
        expect.stringMatching(/→ 200: the response body exceeds the 1048576-byte read limit$/),
      );
    }
  });

  it('that declares a huge Content-Length is not read at all', async () => {
    const { report } = await runAgainst((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(50 * 1024 * 1024) });
      res.write('{');
    });
    for (const r of report.scenarios) {
      expect(r.status, r.id).toBe('failed');
      expect(r.problems, r.id).toContainEqual(
        expect.stringMatching(
          /→ 200: the response body of 52428800 bytes exceeds the 1048576-byte read limit$/,
        ),
      );
    }
  });
});

describe('a target that is not there', () => {
  it('stops the run before any scenario with one clear message', async () => {
    const server = await startTinyServer(() => {});
    await server.close();
    await expect(
      runConformance({ target: server.url, config: configWithTokens(), timeoutMs: 1000 }),
    ).rejects.toThrow(UsageError);
    await expect(
      runConformance({ target: server.url, config: configWithTokens(), timeoutMs: 1000 }),
    ).rejects.toThrow(/^target http:\/\/127\.0\.0\.1:\d+ is unreachable: connection failed \(.*ECONNREFUSED/);
  });
});
