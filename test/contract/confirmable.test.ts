import { describe, expect, it } from 'vitest';
import {
  confirmableActionsOf,
  confirmableOf,
  listConfirmableFamilies,
  transitionOf,
} from '../../src/contract/confirmable.js';
import { listOperations } from '../../src/contract/operations.js';
import type { OpenApiDocument } from '../../src/contract/spec-files.js';

/* The spec's x-confirmable (issue 15): what the reference's model and the suite's generated families read. */

const docWith = (op: Record<string, unknown>): OpenApiDocument => ({
  openapi: '3.1.0',
  paths: { '/api/x/{id}/actions/approve': { patch: { operationId: 'approveX', tags: ['X'], ...op } } },
});

describe('x-confirmable in openapi/ehealth-otp.yaml', () => {
  const families = listConfirmableFamilies();

  it('names the person and declaration request families, each with one tag of its own', () => {
    expect(families.map((f) => [f.name, f.tag])).toEqual(
      expect.arrayContaining([
        ['person_request', 'Person requests'],
        ['declaration_request', 'Declaration requests'],
      ]),
    );
    expect(new Set(families.map((f) => f.tag)).size).toBe(families.length);
  });

  it('gives every operation of one action of a family the same status machine (v1 and v2 alike)', () => {
    for (const family of families)
      for (const action of family.actions)
        expect({ from: action.from, to: action.to }, action.operationId).toEqual(
          transitionOf(family.name, action.action),
        );
  });

  it('marks only operations of the spec, and every resend and approve starts from a status it names', () => {
    const ids = new Set(listOperations().map((op) => op.operationId));
    for (const family of families)
      for (const action of family.actions) {
        expect(ids.has(action.operationId), action.operationId).toBe(true);
        if (action.action === 'resend' || action.action === 'approve')
          expect(action.from.length, action.operationId).toBeGreaterThan(0);
        if (action.action === 'approve') expect(action.to, action.operationId).toBeDefined();
      }
    expect(confirmableOf('initializeVerification')).toBeUndefined();
    expect(confirmableOf('approveDeclarationRequestV1')).toMatchObject({
      family: 'declaration_request',
      action: 'approve',
      from: ['NEW'],
      to: 'APPROVED',
    });
  });

  it('refuses a malformed extension with the operation it is on', () => {
    expect(() =>
      confirmableActionsOf(docWith({ 'x-confirmable': { family: 'x', action: 'confirm' } })),
    ).toThrow(/PATCH \/api\/x\/\{id\}\/actions\/approve: x-confirmable needs \{family, action\}/);
    expect(() =>
      confirmableActionsOf(
        docWith({ tags: ['X', 'Y'], 'x-confirmable': { family: 'x', action: 'approve' } }),
      ),
    ).toThrow(/exactly one tag/);
    expect(() =>
      confirmableActionsOf(docWith({ 'x-confirmable': { family: 'x', action: 'approve', from: 'NEW' } })),
    ).toThrow(/from is a list/);
    expect(
      confirmableActionsOf(
        docWith({ 'x-confirmable': { family: 'x', action: 'approve', from: ['NEW'], to: 'OK' } }),
      ),
    ).toEqual([
      { operationId: 'approveX', family: 'x', action: 'approve', from: ['NEW'], to: 'OK', tag: 'X' },
    ]);
  });
});
