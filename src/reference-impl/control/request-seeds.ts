import { listConfirmableFamilies } from '../../contract/confirmable.js';
import type { components } from '../../generated/control.js';
import type { CurrentMethod, JsonValue } from '../domain/models.js';

type Schemas = components['schemas'];
export type SeedRequest = Schemas['SeedRequest'];
export type SeedCurrentMethod = Schemas['SeedCurrentMethod'];

/** Thrown by a control handler for a body the schema let through but the family refuses: answered 422. */
export class ControlInvalidError extends Error {
  constructor(sentence: string) {
    super(sentence);
    this.name = 'ControlInvalidError';
  }
}

/**
 * The statuses a family knows: every `from` and `to` of its operations' `x-confirmable` (the spec
 * is the one place they are written), or undefined for a family the spec does not have.
 */
export function familyStatuses(family: string): ReadonlySet<string> | undefined {
  const found = listConfirmableFamilies().find((f) => f.name === family);
  if (found === undefined) return undefined;
  return new Set(found.actions.flatMap((a) => [...a.from, ...(a.to === undefined ? [] : [a.to])]));
}

export function toCurrentMethod(seed: SeedCurrentMethod): CurrentMethod {
  switch (seed.type) {
    case 'OTP':
      if (seed.phone_number === undefined)
        throw new ControlInvalidError('$.authentication_method_current.phone_number is required for OTP');
      return { type: 'OTP', phoneNumber: seed.phone_number };
    case 'THIRD_PERSON':
      return seed.phone_number === undefined
        ? { type: 'THIRD_PERSON' }
        : { type: 'THIRD_PERSON', phoneNumber: seed.phone_number };
    case 'OFFLINE':
      return { type: 'OFFLINE' };
    case 'NA':
      return { type: 'NA' };
  }
}

export function toSeedMethod(method: CurrentMethod): SeedCurrentMethod {
  return 'phoneNumber' in method && method.phoneNumber !== undefined
    ? { type: method.type, phone_number: method.phoneNumber }
    : { type: method.type };
}

/** The seed's status, checked against the family's statuses. */
export function seedStatus(family: string, seed: SeedRequest): string {
  const statuses = familyStatuses(family);
  const status = seed.status ?? 'NEW';
  if (statuses !== undefined && !statuses.has(status))
    throw new ControlInvalidError(`$.status must be one of ${[...statuses].join(', ')} for ${family}`);
  return status;
}

/** The seed's `data`: validated as a JSON object by the control spec; the store keeps it as is. */
export function seedDataOf(seed: SeedRequest): { readonly [k: string]: JsonValue } {
  return (seed.data ?? {}) as { readonly [k: string]: JsonValue };
}
