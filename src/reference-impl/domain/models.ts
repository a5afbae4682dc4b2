/** Domain records. They mirror the contract's nouns, not the wire format. */

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
  /** Send times (ms) inside the cap window, oldest first. */
  readonly smsSentAt: readonly number[];
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
  readonly authenticationMethods: readonly AuthMethod[];
  /** Document types of the person, e.g. `PASSPORT`. */
  readonly documents: readonly string[];
  /** The currently valid upload URLs; issuing new ones replaces (invalidates) these. */
  readonly uploads: readonly DocumentUpload[];
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
