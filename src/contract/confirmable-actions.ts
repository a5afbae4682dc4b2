import type { OpenApiDocument } from './spec-files.js';

/*
 * The confirmable-request families, read from the spec (issue 15). A confirmable request is an
 * eHealth entity a person confirms by SMS: it carries `authentication_method_current`, a
 * `resend_otp` action sends its code again and `approve` spends `verification_code`. Every
 * operation of such a family says so in its `x-confirmable` extension:
 *
 *   x-confirmable: {family: declaration_request, action: approve, from: [NEW], to: APPROVED}
 *
 * `from` lists the statuses the action starts from (else the family's status conflict), `to` the
 * status it leaves (for the actions that change it). The reference server's generic model
 * (src/reference-impl/domain/confirmable.ts) and the conformance suite's generated family
 * scenarios (src/conformance/scenarios/confirmable.ts) both read this, so the status machine is
 * written once, in the spec.
 */

export const CONFIRMABLE_ACTIONS = ['create', 'get', 'list', 'resend', 'approve', 'sign', 'reject'] as const;
export type ConfirmableActionName = (typeof CONFIRMABLE_ACTIONS)[number];

/** One operation of a family, as its `x-confirmable` says. */
export interface ConfirmableAction {
  readonly operationId: string;
  readonly family: string;
  readonly action: ConfirmableActionName;
  /** Statuses the action starts from; empty for actions that need none (create, get, list). */
  readonly from: readonly string[];
  /** The status the action leaves the request in, for actions that change it. */
  readonly to: string | undefined;
  /** The operation's one OpenAPI tag: the family's (reports group scenarios by it). */
  readonly tag: string;
}

export interface ConfirmableFamily {
  /** The family's name, e.g. `declaration_request` (the control API seeds by it). */
  readonly name: string;
  readonly tag: string;
  /** The family's operations, in spec order. */
  readonly actions: readonly ConfirmableAction[];
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;
type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isAction = (v: unknown): v is ConfirmableActionName =>
  typeof v === 'string' && (CONFIRMABLE_ACTIONS as readonly string[]).includes(v);

/**
 * Every `x-confirmable` of a document, in spec order; a malformed one is a spec error (throws). A
 * pure function of the document: for the shipped spec `npm run generate` runs it (spec-digest.ts).
 */
export function confirmableActionsOf(doc: OpenApiDocument): ConfirmableAction[] {
  const out: ConfirmableAction[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!isObject(op) || op['x-confirmable'] === undefined) continue;
      const where = `${method.toUpperCase()} ${path}`;
      const raw = op['x-confirmable'];
      const tags = Array.isArray(op.tags) ? op.tags : [];
      if (!isObject(raw) || typeof raw.family !== 'string' || !isAction(raw.action))
        throw new Error(
          `${where}: x-confirmable needs {family, action} with action one of ${CONFIRMABLE_ACTIONS}`,
        );
      if (typeof op.operationId !== 'string') throw new Error(`${where}: x-confirmable without operationId`);
      if (tags.length !== 1 || typeof tags[0] !== 'string')
        throw new Error(`${where}: a confirmable operation has exactly one tag, its family's`);
      const from = raw.from ?? [];
      if (!Array.isArray(from) || !from.every((s) => typeof s === 'string'))
        throw new Error(`${where}: x-confirmable.from is a list of statuses`);
      if (raw.to !== undefined && typeof raw.to !== 'string')
        throw new Error(`${where}: x-confirmable.to is a status`);
      out.push({
        operationId: op.operationId,
        family: raw.family,
        action: raw.action,
        from,
        to: raw.to,
        tag: tags[0],
      });
    }
  }
  return out;
}
