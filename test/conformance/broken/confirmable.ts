import {
  CONFIRMABLE_TAGS,
  FAMILIES_NOT_GENERATED,
  familyOfScenario,
} from '../../../src/conformance/scenarios/confirmable.js';
import { allScenarios } from '../../../src/conformance/scenarios/index.js';
import type { Tag } from '../../../src/conformance/scenarios/tags.js';
import { confirmableOf, listConfirmableFamilies } from '../../../src/contract/confirmable.js';
import type { Engine, EngineRequest, EngineResponse } from '../../../src/reference-impl/index.js';
import type { Defect } from './defect.js';
import { isJson, operationOf, requestJson, withRequestJson } from './wire.js';

/*
 * The broken-deployment templates of issue 15, one set per confirmable family: the four defects
 * that matter for any request a person confirms by SMS. Each is the real engine with the family's
 * approve seen through one mistake, built from the spec's `x-confirmable` (which operations
 * approve, which family) and the control state's generic read (`readRequest`), so a new family
 * gets all four by existing in the spec. Each fails exactly the family's generated scenarios of
 * its tags (scenarios/confirmable.ts), plus the family's own scenarios a caller names.
 */

/** The family and request id of an approve of `family`, else undefined. */
function approveOf(req: EngineRequest, family: string): string | undefined {
  const op = operationOf(req);
  if (op.op === 'control' || op.op === 'other') return undefined;
  const action = confirmableOf(op.op);
  if (action?.family !== family || action.action !== 'approve') return undefined;
  const values = Object.values(op.params as Readonly<Record<string, string>>);
  return values[values.length - 1];
}

/**
 * An approve that takes the sent code for the request's current one whenever `accepts` says so:
 * the engine is shown the current code instead (the phone's active code, from the control state).
 */
export function approveSeeingCode(
  engine: Engine,
  family: string,
  accepts: (code: number, phone: string) => Promise<boolean>,
): (req: EngineRequest) => Promise<EngineResponse> {
  return async (req) => {
    const id = approveOf(req, family);
    const body = requestJson(req);
    if (id === undefined || !isJson(body) || typeof body.verification_code !== 'number')
      return engine.handle(req);
    const state = await engine.control.readRequest(family, id);
    const phone = state?.authentication_method_current.phone_number;
    if (state?.code === undefined || phone === undefined || !(await accepts(body.verification_code, phone)))
      return engine.handle(req);
    return engine.handle(withRequestJson(req, { ...body, verification_code: Number(state.code) }));
  };
}

/** The family's generated scenarios that carry one of `tags`, sorted. */
export function familyScenarioIds(family: string, tags: readonly Tag[]): string[] {
  return allScenarios
    .filter((s) => familyOfScenario(s) === family && s.tags?.some((t) => tags.includes(t)) === true)
    .map((s) => s.id)
    .sort();
}

/** Scenario ids of the family's own rules that a defect also fails (the caller knows them). */
export interface FamilyExtraFailures {
  readonly ignoresCode?: readonly string[];
  readonly keepsOldCode?: readonly string[];
  readonly approvedTwice?: readonly string[];
  readonly foreignCode?: readonly string[];
}

const T = CONFIRMABLE_TAGS;

export function confirmableDefects(family: string, extra: FamilyExtraFailures = {}): Defect[] {
  const ids = (tags: readonly Tag[], more: readonly string[] = []) =>
    [...new Set([...familyScenarioIds(family, tags), ...more])].sort();
  const prefix = family.replace(/_/g, '-');
  return [
    {
      id: `${prefix}-approve-ignores-code`,
      description: `Approve of a ${family} checks that a verification_code is present but not that it is the phone's current code.`,
      evidence: /expected status 422, got 20\d/,
      fails: {
        ids: ids(
          [T.approveWrongCode, T.otherRequestCode, T.otherFamilyCode, T.resendNewCode],
          extra.ignoresCode,
        ),
      },
      build: (engine) => approveSeeingCode(engine, family, async () => true),
    },
    {
      id: `${prefix}-resend-keeps-old-code`,
      description: `A resend on a ${family} issues a new code but the earlier ones stay valid: approve accepts any code ever sent to the request's phone.`,
      evidence: /expected status 422, got 20\d/,
      fails: { ids: ids([T.resendNewCode], extra.keepsOldCode) },
      build: (engine) =>
        approveSeeingCode(engine, family, async (code, phone) =>
          (await engine.control.listSms(phone)).some((sms) => Number(sms.code) === code),
        ),
    },
    {
      id: `${prefix}-approve-accepted-twice`,
      description: `Approve of a ${family} is replayed as idempotent: a second approve of an approved request answers the first success again.`,
      evidence: /expected status 409, got 20\d/,
      fails: { ids: ids([T.approveTwice], extra.approvedTwice) },
      build: (engine) => {
        const first = new Map<string, EngineResponse>();
        return async (req) => {
          const id = approveOf(req, family);
          if (id === undefined) return engine.handle(req);
          const earlier = first.get(id);
          if (earlier !== undefined) return earlier;
          const res = await engine.handle(req);
          if (res.status < 300) first.set(id, res);
          return res;
        };
      },
    },
    {
      id: `${prefix}-foreign-code-accepted`,
      description: `Approve of a ${family} accepts any active code the system sent, for any request of any family, not only its own phone's.`,
      evidence: /expected status 422, got 20\d/,
      fails: { ids: ids([T.otherRequestCode, T.otherFamilyCode], extra.foreignCode) },
      build: (engine) =>
        approveSeeingCode(engine, family, async (code) => {
          const phones = await engine.control.listPhones();
          return phones.data.some((p) =>
            p.codes.some((c) => c.state === 'active' && Number(c.code) === code),
          );
        }),
    },
  ];
}

/** The families the templates apply to: those whose scenarios are generated. */
export function generatedFamilies(): string[] {
  return listConfirmableFamilies()
    .map((f) => f.name)
    .filter((name) => FAMILIES_NOT_GENERATED[name] === undefined);
}
