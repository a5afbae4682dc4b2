import type { Defect } from './defect.js';
import { operationOf } from './wire.js';

/*
 * The authentication-method-request defect of its own (issue 15; the four templates every family
 * gets are in confirmable.ts): an approve that answers COMPLETED but never changes the person, so
 * the person's next person request still goes to the old phone. It fails exactly the scenario that
 * follows the change to that next request.
 */

export const authMethodRequestDefects: readonly Defect[] = [
  {
    id: 'amr-approve-keeps-old-phone',
    description:
      "Approve of an authentication method request answers 201 COMPLETED but leaves the person's methods as they were: the next person request's SMS still goes to the old phone.",
    evidence: /urgent\.authentication_method_current\[0\]\.phone_number is .*, expected the masked/,
    fails: { ids: ['AMR-APPROVE-PHONE-CHANGE'] },
    build: (engine) => async (req) => {
      const op = operationOf(req);
      if (op.op !== 'approveAuthenticationMethodRequest') return engine.handle(req);
      const before = await engine.store.getPerson(op.params.person_id);
      const res = await engine.handle(req);
      if (before !== undefined) await engine.store.putPerson(before);
      return res;
    },
  },
];
