/** The texts CONTRACT.md fixes ("The envelope" table); scenarios compare them exactly. */
export const MESSAGES = {
  noToken: "Authorization header is not set or doesn't contain Bearer token",
  invalidToken: 'Invalid access token',
  noApiKey: 'Api key is not set',
  invalidApiKey: 'Invalid api key',
  invalidCode: 'Invalid verification code',
  codeExpired: 'Verification code expired',
  maxAttempts: 'Maximum attempts exceed',
  notOtp: 'Auth method is not OTP',
  malformed: 'Malformed request. Probably, you have sent corrupted JSON.',
  tooLarge: 'Request body is too large.',
  validation:
    'Validation failed. You can find validators description at our API Manifest: http://docs.apimanifest.apiary.io/#introduction/interacting-with-api/errors.',
  /** The contract gives the start; the services append a documentation link. */
  contentType: /^Invalid Content-Type header\. Try to set 'Content-Type: application\/json' header/,
} as const;

export function missingScope(scope: string): string {
  return `Your scope does not allow to access this resource. Missing allowances: ${scope}`;
}
