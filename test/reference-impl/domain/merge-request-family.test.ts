import { describe, expect, it } from 'vitest';
import { seedMergeData } from '../../../src/reference-impl/domain/merge-request-family.js';

/* The merge family's seeded fields: both persons' MPI ids, nothing else. */

let n = 0;
const uuid = () => {
  n += 1;
  return `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
};

describe('seedMergeData', () => {
  it('keeps the given persons and defaults the missing one to a fresh UUID', () => {
    const master = '3a1d7f0e-2c4b-4e8a-9b6d-0f1e2d3c4b5a';
    expect(seedMergeData({ master_person_id: master }, uuid)).toEqual({
      data: { master_person_id: master, merge_person_id: expect.stringMatching(/^0{8}-/) },
    });
  });

  it('refuses another field, and a person id that is not a UUID', () => {
    expect(seedMergeData({ note: 'x' }, uuid)).toEqual({
      refused: '$.data.note is not a field of a merge request (master_person_id, merge_person_id)',
    });
    expect(seedMergeData({ merge_person_id: 42 }, uuid)).toEqual({
      refused: '$.data.merge_person_id must be a UUID (an MPI person id)',
    });
    // A list holding a UUID is not one, though it reads as one once made a string.
    expect(seedMergeData({ master_person_id: ['3a1d7f0e-2c4b-4e8a-9b6d-0f1e2d3c4b5a'] }, uuid)).toEqual({
      refused: '$.data.master_person_id must be a UUID (an MPI person id)',
    });
    expect(seedMergeData({ master_person_id: '3a1d7f0e' }, uuid)).toEqual({
      refused: '$.data.master_person_id must be a UUID (an MPI person id)',
    });
  });
});
