import type { components } from '../../generated/ehealth-otp.js';

/**
 * Domain records. They mirror the contract's nouns, not the wire format; the one exception is the
 * body a person request was created with, kept as the spec types it, because it is echoed as
 * `data.person` and is what the person signs (AP:3358).
 */

export type VerificationStatus = 'NEW' | 'CANCELED' | 'VERIFIED' | 'UNVERIFIED' | 'EXPIRED';

/**
 * All the state kept for one phone: its newest verification (complete only ever looks at the
 * newest, reference §3.2) and the send times that the SMS cap counts.
 */
export interface PhoneRecord {
  readonly verificationId: string;
  readonly code: number;
  readonly status: VerificationStatus;
  readonly active: boolean;
  readonly createdAt: number;
  readonly expiresAt: number;
  readonly attempts: number;
  /** Send times (ms) inside the cap window, oldest first (bounded: domain/sms-history.ts). */
  readonly smsSentAt: readonly number[];
  /** How many sends each `smsSentAt` entry stands for; absent: one each (sms-history.ts). */
  readonly smsSentCounts?: readonly number[];
  /** When the store may drop this record; only grows. */
  readonly keepUntil: number;
}

export type AuthMethodType = 'OTP' | 'OFFLINE' | 'THIRD_PERSON';

export interface AuthMethod {
  readonly type: AuthMethodType;
  readonly phoneNumber?: string;
  readonly alias?: string;
  readonly isPrimary?: boolean;
  readonly thirdPerson?: ThirdPerson;
}

export interface ThirdPerson {
  readonly authenticationMethods: readonly AuthMethod[];
  readonly documents: readonly string[];
}

export type PersonRequestStatus = 'NEW' | 'APPROVED' | 'SIGNED' | 'CANCELLED' | 'REJECTED';

export interface DocumentUpload {
  readonly type: string;
  readonly url: string;
}

export interface PersonRequest {
  readonly id: string;
  readonly status: PersonRequestStatus;
  /** The current (primary) method first (DIV-PR-IS-PRIMARY); a seed may list several. */
  readonly authenticationMethods: readonly AuthMethod[];
  /** Document types of the person, e.g. `PASSPORT`. */
  readonly documents: readonly string[];
  /** The currently valid upload URLs; issuing new ones replaces (invalidates) these. */
  readonly uploads: readonly DocumentUpload[];
  /** Types of `uploads` whose document was PUT (OFFLINE approve needs all, AP:3214-3217). */
  readonly uploaded?: readonly string[];
  /** What a create through the API stored; absent for a control-API seed. */
  readonly created?: CreatedBody;
  /** The printout (HTML) made at approve (AP:3250). */
  readonly content?: string;
  /** The person a sign created or updated (`Patient_short.person_id`, AP:17908-17913). */
  readonly personId?: string;
  readonly insertedAt?: number;
  readonly updatedAt?: number;
}

type Schemas = components['schemas'];
/** The create body by the version of the operation that took it (CONF 18000740387: `version`). */
export type CreatedBody =
  | { readonly version: 1; readonly body: Schemas['CreatePersonRequestV1'] }
  | { readonly version: 2; readonly body: Schemas['CreatePersonRequestV2'] };

/** A person's stored method: MPI gives each an id (`Person_auth_methods.id`, AP:17228) that `authorize_with` names. */
export interface PersonAuthMethod {
  readonly id: string;
  readonly type: AuthMethodType;
  readonly phoneNumber?: string;
  /** THIRD_PERSON: the third person's id. */
  readonly value?: string;
  readonly alias?: string;
}

/** A person that a signed request created (the kit's MPI, research §3.8). */
export interface Person {
  readonly id: string;
  /** The primary method first. */
  readonly authenticationMethods: readonly PersonAuthMethod[];
  readonly documents: readonly string[];
  readonly firstName: string;
  readonly lastName: string;
  readonly birthDate: string;
  readonly taxId?: string;
}

export interface TokenRecord {
  readonly token: string;
  readonly clientId: string;
  readonly scopes: readonly string[];
}

export interface Sms {
  readonly phoneNumber: string;
  readonly text: string;
  readonly code: string;
  readonly sentAt: number;
}

/** The view of a verification that responses show: never the code. */
export interface VerificationView {
  readonly id: string;
  readonly status: VerificationStatus;
  readonly codeExpiredAt: number;
  readonly active: boolean;
}

/**
 * `authentication_method_current` of a confirmable request (issue 15): where its code goes. `NA`
 * is the declaration twin's method that needs no confirmation (EH approve.ex:43); THIRD_PERSON
 * carries the third person's OTP phone when it has one.
 */
export type CurrentMethod =
  | { readonly type: 'OTP'; readonly phoneNumber: string }
  | { readonly type: 'OFFLINE' }
  | { readonly type: 'NA' }
  | { readonly type: 'THIRD_PERSON'; readonly phoneNumber?: string };

/** Plain JSON: what a family keeps of its own in a {@link ConfirmableRecord} (stored as is). */
export type JsonValue =
  | string
  | number
  | boolean
  | null
  | readonly JsonValue[]
  | { readonly [k: string]: JsonValue };

/**
 * One request of a confirmable family that has no storage of its own (every family but person
 * requests): the store keeps it under `kind` and `id` (Store.getRequest).
 */
export interface ConfirmableRecord {
  /** The family (`x-confirmable.family` in the spec), e.g. `declaration_request`. */
  readonly kind: string;
  readonly id: string;
  readonly status: string;
  readonly method: CurrentMethod;
  /** The family's own fields (the declaration's data, a new phone, …), as the family's rules read them. */
  readonly data: { readonly [k: string]: JsonValue };
  readonly insertedAt: number;
  readonly updatedAt: number;
}
