import { AdjustableClock } from '../../../src/reference-impl/clock.js';
import type { Result } from '../../../src/reference-impl/domain/errors.js';
import type { Person } from '../../../src/reference-impl/domain/models.js';
import { PersonRequests } from '../../../src/reference-impl/domain/person-requests.js';
import { SmsOutbox } from '../../../src/reference-impl/domain/sms-outbox.js';
import { Verifications } from '../../../src/reference-impl/domain/verifications.js';
import { resolveSettings, type SettingsInput } from '../../../src/reference-impl/settings.js';
import { MemoryStore } from '../../../src/reference-impl/store/memory-store.js';
import { sequenceRandom } from './random.js';

/** A fixed start time: every lifetime and window in the domain tests is measured from here. */
export const T0 = Date.parse('2025-03-01T10:00:00.000Z');

/** The domain wired as the engine wires it, on a clock that only moves when a test moves it. */
export function domain(overrides: SettingsInput = {}) {
  const settings = resolveSettings(overrides);
  const clock = new AdjustableClock(() => T0);
  const store = new MemoryStore(settings.outboxLimit);
  const outbox = new SmsOutbox(store, clock);
  const random = sequenceRandom();
  const verifications = new Verifications({ store, clock, random, settings, outbox });
  const personRequests = new PersonRequests({ store, random, settings, verifications, clock });
  return {
    settings,
    clock,
    store,
    outbox,
    verifications,
    personRequests,
    /** The newest code sent to the phone. */
    async lastCode(phone: string): Promise<number> {
      const newest = (await outbox.list(phone))[0];
      if (newest === undefined) throw new Error(`no SMS to ${phone}`);
      return Number(newest.code);
    },
    async smsCount(phone?: string): Promise<number> {
      return (await outbox.list(phone)).length;
    },
  };
}

/** A person as the store keeps it (what MPI would hold), with the given methods. */
export const storedPerson = (
  id: string,
  methods: Person['authenticationMethods'],
  documents: readonly string[] = ['PASSPORT'],
): Person => ({
  id,
  authenticationMethods: methods,
  documents,
  firstName: 'Олена',
  lastName: 'Коваль',
  birthDate: '1985-04-12',
});

/** The value of a successful result; a failure fails the test with its error code. */
export function unwrap<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected success, got ${JSON.stringify(result.error)}`);
  return result.value;
}

/** The error code of a failed result (undefined on success, which the assertion then reports). */
export function errorOf<T>(result: Result<T>): string | undefined {
  return result.ok ? undefined : result.error.code;
}
