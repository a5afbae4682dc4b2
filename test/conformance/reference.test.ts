import { afterEach, describe, expect, it } from 'vitest';
import { DIVERGENCES, NOT_OBSERVABLE } from '../../src/conformance/divergences.js';
import { exitCodeOf, type RunReport } from '../../src/conformance/report/model.js';
import { runConformance } from '../../src/conformance/runner/run.js';
import { allScenarios } from '../../src/conformance/scenarios/index.js';
import { specDivergences } from '../../src/conformance/spec-divergences.js';
import type { FetchLike } from '../../src/conformance/transport.js';
import { handleFetch } from '../../src/reference-impl/adapters/msw.js';
import {
  createEngine,
  type RunningServer,
  type Settings,
  startServer,
} from '../../src/reference-impl/index.js';
import { isObject, notPassed, type Rewrite, rewritingFetch, undeclaredDivergences } from './helpers.js';

const CONTROL = 'ctl-token';
let server: RunningServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function reference(settings: Partial<Settings> = {}): Promise<string> {
  server = await startServer({ port: 0, host: '127.0.0.1', controlToken: CONTROL, settings });
  return server.url;
}

function idsWith(report: RunReport, divergence: string): string[] {
  return report.scenarios.filter((r) => r.divergences.some((d) => d.id === divergence)).map((r) => r.id);
}

describe('the conformance suite against the reference implementation', () => {
  it('passes every scenario, with no divergence, skip or kit error', async () => {
    const report = await runConformance({ target: await reference(), controlToken: CONTROL });
    const problems = report.scenarios
      .filter((r) => r.status !== 'passed')
      .map((r) => `${r.id}: ${r.status}: ${r.reason}`);
    expect(problems).toEqual([]);
    expect(report.summary).toMatchObject({
      total: allScenarios.length,
      passed: allScenarios.length,
      score: 1,
    });
    expect(exitCodeOf(report)).toBe(0);
    // The docs profile: the kit's rule on every divergence observed, so `docs` (or `both`) each time.
    expect(report.profiles?.fits).toContain('docs');
    const matches = new Map(report.profiles?.divergences.map((d) => [d.id, d.match]));
    for (const d of specDivergences().filter((d) => d.profiles.service === 'observed'))
      expect(matches.get(d.id), d.id).toBe(d.id in NOT_OBSERVABLE ? 'not observed' : 'docs');
    // About one second on a quiet machine (scenarios run 8 at a time); the bound only catches a hang.
  });

  it('runs in-process against the engine through the injected fetch, without a socket', async () => {
    const engine = createEngine({ controlToken: CONTROL });
    const fetch: FetchLike = (input, init) => handleFetch(engine, new Request(input, init), '');
    const report = await runConformance({ target: 'http://in-process.test', controlToken: CONTROL, fetch });
    expect(notPassed(report)).toEqual({});
  });

  it('covers every divergence the spec records: declared by a scenario, or not observable with a reason', () => {
    const spec = specDivergences().map((d) => d.id);
    const declared = new Set<string>(allScenarios.flatMap((s) => s.divergences ?? []));
    const unobservable = Object.keys(NOT_OBSERVABLE);
    expect(spec.filter((id) => !declared.has(id) && !unobservable.includes(id))).toEqual([]);
    // Not both, and nothing the spec does not record.
    expect(unobservable.filter((id) => declared.has(id))).toEqual([]);
    expect([...declared, ...unobservable].filter((id) => !spec.includes(id))).toEqual([]);
    // The suite's own table (what each divergence relaxes) names every divergence it can report.
    // A document-wide divergence (no operation lists it) is in the table when a scenario reports it.
    const reportable = specDivergences().filter((d) => d.operations.length > 0 || declared.has(d.id));
    expect(Object.keys(DIVERGENCES).sort()).toEqual(reportable.map((d) => d.id).sort());
  });

  it('reports the attempts policy of a wrong code as DIV-WRONG-CODE-ATTEMPTS and nothing else', async () => {
    const report = await runConformance({
      target: await reference({ wrongCodePolicy: 'attempts' }),
      controlToken: CONTROL,
    });
    expect(undeclaredDivergences(report)).toEqual([]);
    // Approve spends its code through the same policy (PR-APPROVE-422-WRONG-CODE sees it too).
    expect(notPassed(report)).toEqual({
      'COMPLETE-403-WRONG-CODE': 'divergence',
      'COMPLETE-429-SMS-CAP': 'divergence',
      'PR-APPROVE-422-WRONG-CODE': 'divergence',
    });
    expect(exitCodeOf(report)).toBe(0);
    const strict = await runConformance({
      target: server?.url ?? '',
      controlToken: CONTROL,
      strict: true,
      only: ['COMPLETE-403-WRONG-CODE'],
    });
    expect(notPassed(strict)).toEqual({ 'COMPLETE-403-WRONG-CODE': 'failed' });
    expect(strict.scenarios[0]?.reason).toMatch(/DIV-WRONG-CODE-ATTEMPTS.*--strict/);
    expect(exitCodeOf(strict)).toBe(1);
  });

  it('reports the service profile (serve --profile service) by divergence ids only, never a failure', async () => {
    const report = await runConformance({
      target: await reference({ profile: 'service' }),
      controlToken: CONTROL,
    });
    expect(undeclaredDivergences(report)).toEqual([]);
    const statuses = new Set(Object.values(notPassed(report)));
    expect([...statuses]).toEqual(['divergence']);
    const ids = new Set(report.scenarios.flatMap((r) => r.divergences.map((d) => d.id)));
    // Every switch the profile turns on (the spec's x-switch and x-profiles) is seen by its own id, unless no
    // scenario can observe it (NOT_OBSERVABLE: the deactivator, the retention).
    const switched = specDivergences()
      .filter((d) => d.profiles.service === 'observed' && !(d.id in NOT_OBSERVABLE))
      .map((d) => d.id);
    expect([...ids].sort()).toEqual(switched.sort());
    expect(switched).toEqual(
      expect.arrayContaining(['DIV-INIT-201', 'DIV-STATUS-LOWERCASE', 'DIV-WRONG-CODE-ATTEMPTS']),
    );
    // The report names the service profile on exactly those, and both profiles fit nowhere else.
    expect(report.profiles?.fits).toEqual(['service']);
    for (const d of report.profiles?.divergences ?? [])
      expect(d.match, d.id).toBe(
        switched.includes(d.id) ? 'service' : d.seen === 'unseen' ? 'not observed' : 'both',
      );
    expect(idsWith(report, 'DIV-INIT-201')).toEqual(expect.arrayContaining(['INIT-200', 'COMPLETE-200']));
    expect(idsWith(report, 'DIV-STATUS-LOWERCASE')).toEqual(
      expect.arrayContaining(['INIT-200', 'COMPLETE-200']),
    );
    expect(idsWith(report, 'DIV-WRONG-CODE-ATTEMPTS')).toEqual(
      expect.arrayContaining(['COMPLETE-403-WRONG-CODE']),
    );
    expect(exitCodeOf(report)).toBe(0);
  });

  it('honours a shorter code lifetime and a lower SMS cap given as limits', async () => {
    const target = await reference({ codeLifetimeSeconds: 60, smsCapLimit: 3 });
    const report = await runConformance({
      target,
      controlToken: CONTROL,
      config: {
        tokens: {},
        personRequests: {},
        phones: {},
        limits: { maxBodyBytes: 1024 * 1024, smsPerPhonePerHour: 3, codeLifetimeSeconds: 60 },
      },
      only: ['COMPLETE-403-EXPIRED', 'INIT-429-SMS-CAP', 'COMPLETE-429-SMS-CAP', 'COMPLETE-403-WRONG-CODE'],
    });
    expect(notPassed(report)).toEqual({});
  });
});

/**
 * Test the tester (docs/testing-the-tester.md): deliberately broken deployments, made by rewriting the reference's
 * answers in the injected fetch, must make exactly the expected scenarios fail or diverge.
 */
describe('deliberately broken deployments', () => {
  async function runBroken(fetch: ReturnType<typeof rewritingFetch>, strict = false): Promise<RunReport> {
    const report = await runConformance({ target: await reference(), controlToken: CONTROL, fetch, strict });
    expect(undeclaredDivergences(report)).toEqual([]);
    return report;
  }

  it('an initialize that answers 201 is the known divergence DIV-INIT-201 wherever a code is issued', async () => {
    const report = await runBroken(
      rewritingFetch((r) =>
        r.method === 'POST' && r.path === '/api/verifications' && r.status === 200
          ? { status: 201 }
          : undefined,
      ),
    );
    expect(Object.values(notPassed(report)).every((s) => s === 'divergence')).toBe(true);
    expect(idsWith(report, 'DIV-INIT-201')).toEqual(
      expect.arrayContaining(['INIT-200', 'INIT-SMS-SENT', 'COMPLETE-200', 'LIFECYCLE-VERIFY-PHONE']),
    );
    expect(exitCodeOf(report)).toBe(0);
  });

  it('the 2026 blueprint link in the 422 message still passes (findings C5: compared loosely)', async () => {
    let rewritten = 0;
    const report = await runBroken(
      rewritingFetch((r) => {
        if (r.status !== 422 || !isObject(r.body) || !isObject(r.body.error)) return undefined;
        const message = r.body.error.message;
        if (typeof message !== 'string' || !message.includes('docs.apimanifest.apiary.io')) return undefined;
        rewritten += 1;
        const newer = message.replace('http://docs.apimanifest.apiary.io/', 'https://esoz.docs.apiary.io/');
        return { body: { ...r.body, error: { ...r.body.error, message: newer } } };
      }),
    );
    expect(rewritten).toBeGreaterThan(0);
    expect(notPassed(report)).toEqual({});
  });

  it('lower-case statuses are DIV-STATUS-LOWERCASE, not a schema failure', async () => {
    const report = await runBroken(
      rewritingFetch((r) => {
        // The running service's spelling of verification statuses (initialize, complete, resend).
        const verification = r.path.startsWith('/api/verifications') || r.path.endsWith('/resend_otp');
        if (
          !verification ||
          !isObject(r.body) ||
          !isObject(r.body.data) ||
          typeof r.body.data.status !== 'string'
        )
          return undefined;
        return { body: { ...r.body, data: { ...r.body.data, status: r.body.data.status.toLowerCase() } } };
      }),
    );
    expect(Object.values(notPassed(report)).every((s) => s === 'divergence')).toBe(true);
    expect(idsWith(report, 'DIV-STATUS-LOWERCASE')).toEqual(
      expect.arrayContaining(['INIT-200', 'RESEND-200', 'COMPLETE-200']),
    );
  });

  /** Person request ids the suite seeded with status APPROVED (seen on the control API). */
  function approvedIds(): { ids: Set<string>; onControl: (r: Rewrite) => void } {
    const ids = new Set<string>();
    return {
      ids,
      onControl: (r) => {
        if (
          (r.path === '/__control/person_requests' || r.path.startsWith('/__control/requests/')) &&
          r.requestBody?.includes('"APPROVED"') &&
          isObject(r.body)
        )
          ids.add(String(r.body.id));
      },
    };
  }
  const isApproved = (ids: Set<string>, path: string) => [...ids].some((id) => path.includes(id));
  /** The family a 409 names (the catalogue's request_status_conflict noun), by the request's path. */
  const nounOf = (path: string) =>
    path.includes('/declaration_requests/')
      ? 'Declaration request'
      : path.includes('/confidant_person_relationship_requests/')
        ? 'Confidant person relationship request'
        : path.includes('/merge_requests/')
          ? 'Merge request'
          : 'Person request';

  it("the open-source twin's 422 for resend conflicts, status checked first, is DIV-RESEND-CONFLICT-422 (+ DIV-RESEND-CHECK-ORDER)", async () => {
    const approved = approvedIds();
    const twin = (entry: string, description: string) => ({
      type: 'validation_failed',
      message: 'Validation failed.',
      invalid: [
        { entry, entry_type: 'json_data_property', rules: [{ rule: 'invalid', description, params: [] }] },
      ],
    });
    const report = await runBroken(
      rewritingFetch((r) => {
        if (r.status !== 409 || !r.path.endsWith('/resend_otp') || !isObject(r.body)) return undefined;
        const error = isApproved(approved.ids, r.path)
          ? twin('$.status', 'incorrect status')
          : twin('$.authentication_method_current', 'Auth method is not OTP');
        return { status: 422, body: { meta: r.body.meta, error } };
      }, approved.onControl),
    );
    expect(notPassed(report)).toEqual({
      'RESEND-409-AUTH-METHOD': 'divergence',
      'RESEND-409-THIRD-PERSON-OFFLINE': 'divergence',
      'RESEND-409-STATUS': 'divergence',
      'RESEND-409-CHECK-ORDER': 'divergence',
      'DR-RESEND-409-STATUS': 'divergence',
      'DR-RESEND-409-AUTH-METHOD': 'divergence',
      'DR-RESEND-409-NA': 'divergence',
      'DR-RESEND-409-CHECK-ORDER': 'divergence',
      'AMR-RESEND-409-STATUS': 'divergence',
      // The confidant and merge families report the twin's answers as their own divergence.
      'CPRR-RESEND-409-STATUS': 'divergence',
      'CPRR-RESEND-409-AUTH-METHOD': 'divergence',
      'CPRR-RESEND-409-NA': 'divergence',
      'CPRR-RESEND-409-CHECK-ORDER': 'divergence',
      'MR-RESEND-409-STATUS': 'divergence',
      'MR-RESEND-409-AUTH-METHOD': 'divergence',
      'MR-RESEND-409-NA': 'divergence',
      'MR-RESEND-409-CHECK-ORDER': 'divergence',
    });
    expect(idsWith(report, 'DIV-CPRR-RESEND-CONFLICT')).toHaveLength(4);
    expect(idsWith(report, 'DIV-MR-RESEND-CONFLICT')).toHaveLength(4);
    expect(idsWith(report, 'DIV-RESEND-CONFLICT-422')).toHaveLength(8);
    expect(idsWith(report, 'DIV-RESEND-CHECK-ORDER').sort()).toEqual([
      'DR-RESEND-409-CHECK-ORDER',
      'RESEND-409-CHECK-ORDER',
    ]);
  });

  it('a resend that checks the status first (409 naming the status) is DIV-RESEND-CHECK-ORDER', async () => {
    const approved = approvedIds();
    const report = await runBroken(
      rewritingFetch(
        (r) =>
          r.status === 409 && isObject(r.body) && isApproved(approved.ids, r.path)
            ? {
                body: {
                  meta: r.body.meta,
                  error: {
                    type: 'request_conflict',
                    message: `${nounOf(r.path)} status is APPROVED, expected NEW`,
                  },
                },
              }
            : undefined,
        approved.onControl,
      ),
    );
    expect(notPassed(report)).toEqual({
      'RESEND-409-CHECK-ORDER': 'divergence',
      'DR-RESEND-409-CHECK-ORDER': 'divergence',
      'CPRR-RESEND-409-CHECK-ORDER': 'divergence',
      'MR-RESEND-409-CHECK-ORDER': 'divergence',
    });
    expect(idsWith(report, 'DIV-RESEND-CHECK-ORDER').sort()).toEqual([
      'DR-RESEND-409-CHECK-ORDER',
      'RESEND-409-CHECK-ORDER',
    ]);
  });

  it('a bare 400 body is DIV-MALFORMED-JSON-BARE, waiving only the envelope of that answer', async () => {
    const report = await runBroken(
      rewritingFetch((r) => (r.status === 400 && isObject(r.body) ? { body: r.body.error } : undefined)),
    );
    expect(notPassed(report)).toEqual({
      'RESEND-400-MALFORMED-JSON': 'divergence',
      'INIT-400-MALFORMED-JSON': 'divergence',
      'PR-CREATE-400-MALFORMED-JSON': 'divergence',
      'AMR-CREATE-400-MALFORMED-JSON': 'divergence',
      'AMR-APPROVE-400-MALFORMED-JSON': 'divergence',
      'PR-CREATE-V2-400-MALFORMED-JSON': 'divergence',
      'PR-APPROVE-400-MALFORMED-JSON': 'divergence',
      'PR-APPROVE-V2-400-MALFORMED-JSON': 'divergence',
      'PR-SIGN-400-MALFORMED-JSON': 'divergence',
      'PR-SIGN-V2-400-MALFORMED-JSON': 'divergence',
      'COMPLETE-400-MALFORMED-JSON': 'divergence',
      'DR-APPROVE-400-MALFORMED-JSON': 'divergence',
      'DR-APPROVE-V1-400-MALFORMED-JSON': 'divergence',
      'CPRR-APPROVE-400-MALFORMED-JSON': 'divergence',
      'MR-APPROVE-400-MALFORMED-JSON': 'divergence',
    });
  });

  it('a 429 without error.type is DIV-429-NO-TYPE; a 429 without Retry-After fails', async () => {
    const noType = await runBroken(
      rewritingFetch((r) =>
        r.status === 429 && isObject(r.body)
          ? { body: { meta: r.body.meta, error: { message: 'too many requests' } } }
          : undefined,
      ),
    );
    expect(notPassed(noType)).toEqual({
      'INIT-429-SMS-CAP': 'divergence',
      'COMPLETE-429-SMS-CAP': 'divergence',
      'RESEND-429-SMS-CAP': 'divergence',
      'PR-CREATE-429-SMS-CAP': 'divergence',
    });
    await server?.close();
    const noRetry = await runBroken(
      rewritingFetch((r) => (r.status === 429 ? { headers: { 'retry-after': null } } : undefined)),
    );
    expect(notPassed(noRetry)).toEqual({
      'INIT-429-SMS-CAP': 'failed',
      'COMPLETE-429-SMS-CAP': 'failed',
      'RESEND-429-SMS-CAP': 'failed',
      'PR-CREATE-429-SMS-CAP': 'failed',
    });
  });

  it("the development docs' api-key sentence is DIV-API-KEY-MESSAGE on every *-401-NO-API-KEY; another sentence fails", async () => {
    const rewrite = (message: string) =>
      rewritingFetch((r) =>
        r.status === 401 && isObject(r.body) && JSON.stringify(r.body).includes('Api key is not set')
          ? { body: { meta: r.body.meta, error: { type: 'access_denied', message } } }
          : undefined,
      );
    const docs = await runBroken(rewrite('API-KEY header required'));
    const divergent = Object.entries(notPassed(docs));
    expect(divergent.length).toBeGreaterThan(0);
    expect(
      divergent.filter(([id, status]) => !id.endsWith('-401-NO-API-KEY') || status !== 'divergence'),
    ).toEqual([]);
    expect(idsWith(docs, 'DIV-API-KEY-MESSAGE').sort()).toEqual(divergent.map(([id]) => id).sort());
    await server?.close();
    const other = await runBroken(rewrite('No api key'));
    expect(Object.values(notPassed(other))).toEqual(divergent.map(() => 'failed'));
  });

  it('a 422 for a never-verified phone is DIV-VERIFIED-PHONE-422', async () => {
    const report = await runBroken(
      rewritingFetch((r) =>
        r.method === 'GET' && r.path.startsWith('/api/verifications/') && r.status === 404 && isObject(r.body)
          ? {
              status: 422,
              body: { meta: r.body.meta, error: { type: 'validation_failed', message: 'UNVERIFIED' } },
            }
          : undefined,
      ),
    );
    // The envelope scenarios probe with a never-verified phone too, but test only its meta.
    expect(notPassed(report)).toEqual({
      'VERIFIED-PHONE-404': 'divergence',
      'LIFECYCLE-VERIFY-PHONE': 'divergence',
    });
  });

  it('a 404 that carries a message fails exactly the 404 scenarios', async () => {
    const report = await runBroken(
      rewritingFetch((r) =>
        r.status === 404 && isObject(r.body)
          ? { body: { meta: r.body.meta, error: { type: 'not_found', message: 'Not found' } } }
          : undefined,
      ),
    );
    expect(notPassed(report)).toEqual({
      'RESEND-404-UNKNOWN': 'failed',
      'COMPLETE-404-NO-VERIFICATION': 'failed',
      'VERIFIED-PHONE-404': 'failed',
      'PR-APPROVE-404-UNKNOWN': 'failed',
      'PR-GET-404-UNKNOWN': 'failed',
      'PR-REJECT-404-UNKNOWN': 'failed',
      'CPRR-APPROVE-404-OTHER-PERSON': 'failed',
      'CPRR-RESEND-404-OTHER-PERSON': 'failed',
      'CPRR-RESEND-404-UNKNOWN': 'failed',
      'MR-RESEND-404-UNKNOWN': 'failed',
      'DR-RESEND-404-UNKNOWN': 'failed',
      'DR-RESEND-V1-404-UNKNOWN': 'failed',
      'AMR-CREATE-404-PERSON': 'failed',
      'AMR-APPROVE-404-OTHER-PERSON': 'failed',
      'AMR-RESEND-404-PERSON': 'failed',
      'AMR-RESEND-404-UNKNOWN': 'failed',
    });
  });

  it('a meta.url that keeps the query string fails exactly ENVELOPE-URL-NO-QUERY and the list scenarios', async () => {
    const report = await runBroken(
      rewritingFetch((r) =>
        r.query !== '' && isObject(r.body) && isObject(r.body.meta) && typeof r.body.meta.url === 'string'
          ? { body: { ...r.body, meta: { ...r.body.meta, url: `${r.body.meta.url}${r.query}` } } }
          : undefined,
      ),
    );
    // The list scenarios send a query string (page_size, status): the envelope check sees it there too.
    expect(notPassed(report)).toEqual({
      'ENVELOPE-URL-NO-QUERY': 'failed',
      'PR-LIST-200': 'failed',
      'PR-LIST-422-PAGE-SIZE': 'failed',
      'PR-LIST-STATUS-FILTER': 'failed',
    });
    expect(report.scenarios.find((r) => r.id === 'ENVELOPE-URL-NO-QUERY')?.reason).toMatch(/query string/);
  });

  it('a stack trace in an error answer fails the scenarios that saw it', async () => {
    const report = await runBroken(
      rewritingFetch((r) =>
        r.status === 422 && r.path === '/api/verifications' && isObject(r.body) && isObject(r.body.error)
          ? {
              body: {
                ...r.body,
                error: {
                  ...r.body.error,
                  message: 'TypeError: x is undefined\n    at validate (/srv/app/validate.js:12:7)',
                },
              },
            }
          : undefined,
      ),
    );
    expect(notPassed(report)).toEqual({
      'INIT-422-REQUIRED': 'failed',
      'INIT-422-CAST': 'failed',
      'INIT-422-FORMAT': 'failed',
      'INIT-422-ADDITIONAL': 'failed',
    });
    expect(report.scenarios.find((r) => r.id === 'INIT-422-CAST')?.problems.join('\n')).toMatch(
      /leaks internals/,
    );
  });

  it('a response that carries the OTP code fails, and the code is masked in the report', async () => {
    const report = await runBroken(
      rewritingFetch((r) =>
        r.method === 'PATCH' && r.status === 200 && isObject(r.body) && r.requestBody !== undefined
          ? {
              headers: {},
              body: {
                ...r.body,
                meta: { ...(r.body.meta as object), request_id: `echo ${JSON.parse(r.requestBody).code}` },
              },
            }
          : undefined,
      ),
    );
    const result = report.scenarios.find((r) => r.id === 'COMPLETE-200');
    expect(result?.status).toBe('failed');
    expect(result?.problems.join('\n')).toMatch(
      /the OTP code appears in the response at \$\.meta\.request_id/,
    );
    expect(result?.problems.join('\n')).toContain('echo ****');
    expect(result?.problems.join('\n')).not.toMatch(/echo \d/);
  });

  it('a missing X-Request-ID response header fails every scenario that got an answer', async () => {
    const report = await runBroken(rewritingFetch(() => ({ headers: { 'x-request-id': null } })));
    expect(report.summary.passed).toBe(0);
    expect(report.summary.failed).toBe(allScenarios.length);
  });
});
