import { componentValidator, describeError } from '../../contract/request-validators.js';
import { type FamilyRules, genericErrors, recordAccess, recordFields, type SeedData } from './confirmable.js';
import { fail, ok, type Result } from './errors.js';
import type { ConfirmableRecord, JsonValue } from './models.js';
import type { Store } from './store.js';

/*
 * Confidant person relationship requests (UA:2485-2630 of the development blueprint; research
 * docs/research/confidant-person-relationship-requests.md) as a confirmable family: a generic
 * record seeded through the control API (the persons and relationship documents live in MPI,
 * outside the OTP concern), the spec's status machine (x-confirmable: approve NEW → APPROVED,
 * resend from NEW), the generic errors named after the family, and its own rules:
 * - the request belongs to the person of the path (`data.person_id`); another person's request is
 *   not found under that person, 404 (DIV-CPRR-PERSON-MISMATCH);
 * - OFFLINE and N/A approve without a code, "request body should be empty" (UA:2494); the document
 *   uploads of create are not modelled (research §5);
 * - the confidant limit (UA:2544-2550) is not modelled (DIV-CPRR-CONFIDANT-LIMIT).
 */

export const CONFIDANT_FAMILY = 'confidant_person_relationship_request';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The answer's `data` schema: what a seeded request may carry besides its person. */
const validData = componentValidator('ConfidantPersonRelationshipRequestData', 'ehealth');

/** A relationship document of the blueprint's example (UA:2342-2347), for a seed that gives none. */
const exampleDocument = (type: string): JsonValue => ({
  type,
  number: 'АА120518',
  issued_by: 'Рокитнянським РВ ГУ МВС Київської області',
  issued_at: '2017-02-28',
});

/**
 * A seed's fields: the person of the path and the request's own fields (`action` INSERT with a
 * would-be confidant, or DEACTIVATE with the relationship to end), defaults under what was given;
 * refused when the answer's schema cannot carry them.
 */
export function seedConfidantData(given: ConfirmableRecord['data'], uuid: () => string): SeedData {
  const { person_id: personId = uuid(), ...own } = given;
  if (typeof personId !== 'string' || !UUID.test(personId))
    return { refused: '$.data.person_id must be a UUID (the person of the path)' };
  const action = own.action ?? 'INSERT';
  const defaults: Record<string, JsonValue> =
    action === 'DEACTIVATE'
      ? {
          confidant_person_id: null,
          documents_relationship: null,
          confidant_person_relationship: {
            id: uuid(),
            documents_relationship: [exampleDocument('DEPRIVATION_OF_PARENTAL_RIGHTS')],
          },
        }
      : {
          confidant_person_id: uuid(),
          documents_relationship: [exampleDocument('BIRTH_CERTIFICATE')],
          confidant_person_relationship: null,
        };
  const data = { action, channel: 'MIS', authorize_with: null, ...defaults, ...own };
  if (!validData({ ...data, id: uuid(), status: 'NEW' })) {
    const [first] = validData.errors ?? [];
    const why = first === undefined ? 'it does not fit the answer' : describeError(first);
    return { refused: `$.data: ${why} (ConfidantPersonRelationshipRequestData)` };
  }
  return { data: { ...data, person_id: personId } };
}

/** The request only exists under its own person (DIV-CPRR-PERSON-MISMATCH): another person's is 404. */
export function ofPerson(personId: string): (request: ConfirmableRecord) => Result<ConfirmableRecord> {
  return (request) =>
    request.data.person_id === personId ? ok(request) : fail({ code: 'request_not_found' });
}

export function confidantPersonRelationshipRequestFamily(store: Store): FamilyRules<ConfirmableRecord> {
  return {
    family: CONFIDANT_FAMILY,
    access: recordAccess(store, CONFIDANT_FAMILY),
    ...recordFields,
    errors: genericErrors('Confidant person relationship request'),
    approveWithoutCode: () => undefined,
    // No open code of this family: the twin's answers are a divergence, not a switch (DIV-CPRR-RESEND-CONFLICT).
    twinResend: { conflict422: false, statusFirst: false },
    seedData: seedConfidantData,
  };
}
