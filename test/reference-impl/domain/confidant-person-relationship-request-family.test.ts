import { describe, expect, it } from 'vitest';
import {
  ofPerson,
  seedConfidantData,
} from '../../../src/reference-impl/domain/confidant-person-relationship-request-family.js';
import type { ConfirmableRecord } from '../../../src/reference-impl/domain/models.js';

/* The confidant family's own rules: its seeded fields and the person of the path. */

let n = 0;
const uuid = () => {
  n += 1;
  return `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
};

describe('seedConfidantData', () => {
  it('defaults an INSERT for a fresh person, with a would-be confidant and a relationship document', () => {
    const seeded = seedConfidantData({}, uuid);
    expect(seeded).toEqual({
      data: {
        person_id: expect.stringMatching(/^0{8}-/),
        action: 'INSERT',
        channel: 'MIS',
        authorize_with: null,
        confidant_person_id: expect.stringMatching(/^0{8}-/),
        // The blueprint's example document (UA:2342-2347).
        documents_relationship: [
          {
            type: 'BIRTH_CERTIFICATE',
            number: 'АА120518',
            issued_by: 'Рокитнянським РВ ГУ МВС Київської області',
            issued_at: '2017-02-28',
          },
        ],
        confidant_person_relationship: null,
      },
    });
  });

  it('defaults a DEACTIVATE to the relationship it ends, and keeps what the seed gave', () => {
    const person = '6f0c3c1e-4b1a-4f57-9d43-1b8f0a3c2d11';
    const seeded = seedConfidantData({ person_id: person, action: 'DEACTIVATE' }, uuid);
    expect('data' in seeded && seeded.data).toMatchObject({
      person_id: person,
      action: 'DEACTIVATE',
      confidant_person_id: null,
      confidant_person_relationship: { id: expect.any(String), documents_relationship: [expect.any(Object)] },
    });
  });

  it('refuses a person that is not a UUID and fields the answer cannot carry', () => {
    expect(seedConfidantData({ person_id: 'me' }, uuid)).toEqual({
      refused: '$.data.person_id must be a UUID (the person of the path)',
    });
    // A list holding a UUID is not one, though it reads as one once made a string.
    expect(seedConfidantData({ person_id: ['6f0c3c1e-4b1a-4f57-9d43-1b8f0a3c2d11'] }, uuid)).toEqual({
      refused: '$.data.person_id must be a UUID (the person of the path)',
    });
    expect(seedConfidantData({ action: 'FOO' }, uuid)).toEqual({
      refused: expect.stringMatching(/^\$\.data: .*action.* \(ConfidantPersonRelationshipRequestData\)$/),
    });
    expect(seedConfidantData({ employee_id: 'x' }, uuid)).toEqual({
      refused: expect.stringContaining('employee_id'),
    });
  });
});

describe('ofPerson', () => {
  const record: ConfirmableRecord = {
    kind: 'confidant_person_relationship_request',
    id: 'r',
    status: 'NEW',
    method: { type: 'OFFLINE' },
    data: { person_id: 'p' },
    insertedAt: 0,
    updatedAt: 0,
  };
  it("finds the request under its person only: another person's id is request_not_found", () => {
    expect(ofPerson('p')(record)).toEqual({ ok: true, value: record });
    expect(ofPerson('q')(record)).toEqual({ ok: false, error: { code: 'request_not_found' } });
  });
});
