import { describe, expect, it } from 'vitest';
import { suiteOperations } from '../../src/conformance/operations.js';
import {
  expectedFamilyTags,
  familyScenarios,
  missingFamilies,
  NOT_GENERATED,
} from '../../src/conformance/scenarios/families.js';
import { allScenarios } from '../../src/conformance/scenarios/index.js';
import type { OperationTarget } from '../../src/conformance/scenarios/target.js';
import { listOperations, type OperationInfo } from '../../src/contract/operations.js';

/*
 * The cross-cutting families are generated from the spec (scenarios/families.ts): every operation
 * with `security` has its 401/403 scenarios, every one with a `requestBody` its 400/413/415 and at
 * least one 422. These tests hold the suite to that, and show that the check names what is missing.
 */

const operations = listOperations('ehealth');

function operation(id: string): OperationInfo {
  const op = operations.find((o) => o.operationId === id);
  if (op === undefined) throw new Error(`${id} is not in the spec`);
  return op;
}

const target: OperationTarget = {
  prefix: 'NEW-OP',
  label: 'New op',
  authRequest: (_ctx, creds) => ({ method: 'POST', path: '/api/new', token: creds.token }),
};

describe('scenario families generated from the spec', () => {
  it('gives every operation of the spec every family its security and requestBody call for', () => {
    expect(operations.length).toBeGreaterThan(0);
    expect(missingFamilies(operations, allScenarios)).toEqual([]);
  });

  it('calls every operation of the spec, so the envelope check sees its answers', () => {
    // envelope-check.ts runs on every answer of every scenario; an operation no scenario calls
    // would have its envelope, meta.url and request id unchecked.
    const called = new Set(allScenarios.map((s) => s.operation));
    expect(
      suiteOperations()
        .filter((op) => !called.has(op.operationId))
        .map((op) => op.operationId),
    ).toEqual([]);
  });

  it('names the operation and family that has no scenario', () => {
    // An operation of the spec whose scenarios were never generated or written.
    const initialize = operation('initializeVerification');
    const added = { ...initialize, operationId: 'resendImaginaryRequestOtp' };
    expect(missingFamilies([added], allScenarios)).toEqual([
      'resendImaginaryRequestOtp auth:401-no-token',
      'resendImaginaryRequestOtp auth:401-not-bearer',
      'resendImaginaryRequestOtp auth:401-unknown-token',
      'resendImaginaryRequestOtp auth:403-scope',
      'resendImaginaryRequestOtp body:400-malformed-json',
      'resendImaginaryRequestOtp body:413-too-large',
      'resendImaginaryRequestOtp body:415-content-type',
      'resendImaginaryRequestOtp body:422',
    ]);
    // An operation with a requestBody whose 415 scenario is missing.
    const without415 = allScenarios.filter((s) => s.id !== 'COMPLETE-415-CONTENT-TYPE');
    expect(missingFamilies(operations, without415)).toEqual(['completeVerification body:415-content-type']);
    // An operation with security but no 401 scenario.
    const without401 = allScenarios.filter((s) => s.id !== 'VERIFIED-PHONE-401-NO-TOKEN');
    expect(missingFamilies(operations, without401)).toEqual(['getVerifiedPhone auth:401-no-token']);
  });

  it('reads the families from the spec: api-key only where security names it, body only with a requestBody', () => {
    expect(expectedFamilyTags(operation('getVerifiedPhone'))).toEqual([
      'auth:401-no-token',
      'auth:401-not-bearer',
      'auth:401-unknown-token',
      'auth:403-scope',
    ]);
    expect(expectedFamilyTags(operation('resendPersonRequestOtp'))).toEqual(
      expect.arrayContaining([
        'auth:401-no-api-key',
        'auth:401-other-client-api-key',
        'body:415-content-type',
      ]),
    );
    const bare = { ...operation('getVerifiedPhone'), scope: undefined, needsApiKey: false };
    expect(expectedFamilyTags(bare)).toEqual([]);
  });

  it('generates the families for an operation it has never seen, with ids from its prefix', () => {
    const op = { ...operation('getVerifiedPhone'), operationId: 'newOperation', needsApiKey: true };
    expect(familyScenarios(op, target).map((s) => s.id)).toEqual([
      'NEW-OP-401-NO-API-KEY',
      'NEW-OP-401-WRONG-API-KEY',
      'NEW-OP-401-OTHER-CLIENT-API-KEY',
      'NEW-OP-401-NO-TOKEN',
      'NEW-OP-401-NOT-BEARER',
      'NEW-OP-401-UNKNOWN-TOKEN',
      'NEW-OP-403-SCOPE',
    ]);
    const withBody = { ...operation('initializeVerification'), operationId: 'newOperation' };
    expect(() => familyScenarios(withBody, target)).toThrow(/requestBody.*needs bodyRequest/);
    const bodyTarget: OperationTarget = {
      ...target,
      bodyRequest: {
        needs: [],
        build: () => Promise.reject(new Error('generating a scenario sends nothing')),
      },
    };
    expect(familyScenarios(withBody, bodyTarget).map((s) => s.id)).toEqual([
      'NEW-OP-413-TOO-LARGE',
      'NEW-OP-400-MALFORMED-JSON',
      'NEW-OP-415-CONTENT-TYPE',
      'NEW-OP-401-NO-TOKEN',
      'NEW-OP-401-NOT-BEARER',
      'NEW-OP-401-UNKNOWN-TOKEN',
      'NEW-OP-403-SCOPE',
    ]);
  });

  it('keeps only exceptions that name an operation of the spec and a family it would get', () => {
    for (const [operationId, tags] of Object.entries(NOT_GENERATED)) {
      const op = operation(operationId);
      const wanted = expectedFamilyTags({ ...op, operationId: 'unexempted' });
      for (const [tag, reason] of Object.entries(tags ?? {})) {
        expect(wanted, `${operationId} ${tag}`).toContain(tag);
        expect(reason.length, `${operationId} ${tag}`).toBeGreaterThan(20);
      }
    }
  });

  it('gives every scenario a unique id and every generated scenario an operation of the spec', () => {
    const ids = allScenarios.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    const known = new Set(suiteOperations().map((o) => o.operationId));
    expect(allScenarios.filter((s) => !known.has(s.operation)).map((s) => s.id)).toEqual([]);
  });
});
