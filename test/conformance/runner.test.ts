import { describe, expect, it } from 'vitest';
import { exitCodeOf } from '../../src/conformance/report/model.js';
import { runConformance } from '../../src/conformance/runner/run.js';
import { UsageError } from '../../src/conformance/runner/signals.js';
import type { Scenario, ScenarioContext } from '../../src/conformance/scenario.js';
import type { FetchLike } from '../../src/conformance/transport.js';
import { configWithTokens, statuses } from './helpers.js';

/** An in-process target (no socket): a well-formed 404 envelope for anything, echoing the request id. */
function fakeTarget(meta: (url: string, id: string) => Record<string, unknown> = () => ({})): FetchLike {
  return async (input, init) => {
    const sent = new Headers(init.headers).get('x-request-id');
    const id = sent !== null && sent.length >= 20 && sent.length <= 200 ? sent : 'generated-request-id-0001';
    const url = new URL(input);
    const body = {
      meta: {
        code: 404,
        url: `${url.origin}${url.pathname}`,
        type: 'object',
        request_id: id,
        ...meta(input, id),
      },
      error: { type: 'not_found' },
    };
    return new Response(JSON.stringify(body), {
      status: 404,
      headers: { 'content-type': 'application/json; charset=utf-8', 'x-request-id': id },
    });
  };
}

function scenario(
  id: string,
  run: (ctx: ScenarioContext) => Promise<void>,
  extra: Partial<Scenario> = {},
): Scenario {
  return {
    id,
    title: `${id}.`,
    operation: 'getVerifiedPhone',
    contract: 'test',
    needs: [],
    required: true,
    run,
    ...extra,
  };
}

const probe = async (ctx: ScenarioContext) => {
  const { token } = await ctx.credentials('getVerifiedPhone');
  const exchange = await ctx.call('getVerifiedPhone', {
    method: 'GET',
    path: `/api/verifications/${ctx.phone()}`,
    token,
  });
  ctx.expect(exchange, { status: 404, type: 'not_found', noMessage: true });
};

async function run(scenarios: Scenario[], fetch: FetchLike = fakeTarget(), strict = false) {
  return runConformance({
    target: 'http://target.test',
    config: configWithTokens(),
    fetch,
    scenarios,
    strict,
  });
}

describe('the runner', () => {
  it('runs scenarios in-process through the injected fetch', async () => {
    const report = await run([scenario('OK', probe)]);
    expect(statuses(report)).toEqual({ OK: 'passed' });
    expect(report.scenarios[0]?.exchanges).toHaveLength(1);
  });

  it('labels an exception in scenario code as a kit error, never as the target failing', async () => {
    const report = await run([
      scenario('KIT-TYPEERROR', async (ctx) => {
        await probe(ctx);
        const broken = undefined as unknown as { data: { id: string } };
        ctx.note(broken.data.id);
      }),
      scenario('KIT-THROWS-STRING', async () => {
        throw 'not an Error';
      }),
      scenario('TARGET-FAILS', async (ctx) => ctx.fail('the target said no')),
    ]);
    expect(statuses(report)).toEqual({
      'KIT-TYPEERROR': 'error',
      'KIT-THROWS-STRING': 'error',
      'TARGET-FAILS': 'failed',
    });
    expect(report.scenarios[0]?.reason).toMatch(
      /^kit error: TypeError: .*\(at src\/conformance\/|^kit error: TypeError: .*\(at .*runner\.test\.ts/,
    );
    expect(report.scenarios[1]?.reason).toBe('kit error: a non-Error value was thrown: not an Error');
    expect(report.scenarios[2]?.reason).toBe('the target said no');
    expect(report.summary).toMatchObject({ error: 2, failed: 1 });
    expect(exitCodeOf(report)).toBe(1);
  });

  it('skips what the target cannot give, with the reason, and does not count it in the score', async () => {
    const report = await run([
      scenario('NEEDS-SMS', probe, { needs: ['sms'] }),
      scenario('NEEDS-FIXTURE', probe, { needs: ['fixture:person_request.offline'] }),
      scenario('OK', probe),
    ]);
    expect(statuses(report)).toEqual({ 'NEEDS-SMS': 'skipped', 'NEEDS-FIXTURE': 'skipped', OK: 'passed' });
    expect(report.scenarios[0]?.reason).toBe(
      'needs the control API (run with --control-token) to read the SMS outbox',
    );
    expect(report.scenarios[1]?.reason).toBe(
      'needs person_requests.offline in the config file (or the control API)',
    );
    expect(report.summary.score).toBe(1);
    expect(exitCodeOf(report)).toBe(0);
  });

  it('fails a scenario whose answers break the envelope even when its own expectations hold', async () => {
    const report = await run(
      [scenario('OK', probe)],
      fakeTarget(() => ({ code: 200 })),
    );
    expect(statuses(report)).toEqual({ OK: 'failed' });
    expect(report.scenarios[0]?.reason).toMatch(/meta\.code is 200, the HTTP status is 404/);
  });

  it('ends a known divergence as divergence, and as failed under --strict', async () => {
    const diverging = scenario('DIV', async (ctx) => {
      const { token } = await ctx.credentials('getVerifiedPhone');
      const exchange = await ctx.call('getVerifiedPhone', {
        method: 'GET',
        path: `/api/verifications/${ctx.phone()}`,
        token,
      });
      ctx.expect(exchange, { status: 422 }, [
        { divergence: 'DIV-VERIFIED-PHONE-422', expect: { status: 404 } },
      ]);
    });
    const lenient = await run([diverging]);
    expect(statuses(lenient)).toEqual({ DIV: 'divergence' });
    expect(lenient.scenarios[0]?.divergences.map((d) => d.id)).toEqual(['DIV-VERIFIED-PHONE-422']);
    expect(exitCodeOf(lenient)).toBe(0);
    const strict = await run([diverging], fakeTarget(), true);
    expect(statuses(strict)).toEqual({ DIV: 'failed' });
    expect(exitCodeOf(strict)).toBe(1);
  });

  it('selects scenarios with --only, prefixes included, and rejects ids that match nothing', async () => {
    const all = [scenario('A-ONE', probe), scenario('A-TWO', probe), scenario('B-ONE', probe)];
    const report = await runConformance({
      target: 'http://t.test',
      config: configWithTokens(),
      fetch: fakeTarget(),
      scenarios: all,
      only: ['a-*', 'B-ONE'],
    });
    expect(Object.keys(statuses(report))).toEqual(['A-ONE', 'A-TWO', 'B-ONE']);
    await expect(
      runConformance({
        target: 'http://t.test',
        config: configWithTokens(),
        fetch: fakeTarget(),
        scenarios: all,
        only: ['C-*'],
      }),
    ).rejects.toThrow(new UsageError('--only: no scenario matches "C-*"'));
  });

  it('masks phone numbers in results unless asked not to', async () => {
    const failing = scenario('PHONE', async (ctx) => ctx.fail(`no answer for ${ctx.phone()}`));
    const masked = await run([failing]);
    expect(masked.scenarios[0]?.reason).toMatch(/^no answer for \+380\*{6}\d{2}$/);
    const plain = await runConformance({
      target: 'http://t.test',
      config: configWithTokens(),
      fetch: fakeTarget(),
      scenarios: [failing],
      mask: false,
    });
    expect(plain.scenarios[0]?.reason).toMatch(/^no answer for \+380\d{9}$/);
  });
});
