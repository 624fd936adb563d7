/**
 * Type guards that work without `instanceof` (across bundles and realms): they read `kind`.
 * @module
 */
import type { BadRequestError, ForbiddenError, MalformedResponseError, NotFoundError, RateLimitError } from './kinds.ts';
import type { PsnError, PsnErrorKind } from './psn-error.ts';

const kinds = new Set<PsnErrorKind>([
  'npsso_malformed',
  'npsso_rejected',
  'refresh_expired',
  'auth_service',
  'unauthorized',
  'bad_request',
  'not_found',
  'forbidden',
  'rate_limited',
  'server',
  'malformed_response',
  'network',
  'timeout',
]);

/** Whether a value is an error thrown by this client. */
export function isPsnError(value: unknown): value is PsnError {
  return value instanceof Error && kinds.has((value as { kind?: PsnErrorKind }).kind as PsnErrorKind);
}

const ofKind =
  <T extends PsnError>(kind: PsnErrorKind) =>
  (value: unknown): value is T =>
    isPsnError(value) && value.kind === kind;

export const isNotFoundError = ofKind<NotFoundError>('not_found');
export const isForbiddenError = ofKind<ForbiddenError>('forbidden');
export const isRateLimitError = ofKind<RateLimitError>('rate_limited');
export const isBadRequestError = ofKind<BadRequestError>('bad_request');
export const isMalformedResponseError = ofKind<MalformedResponseError>('malformed_response');

/** Whether the user has to sign in again with a new NPSSO. */
export function isReauthRequired(value: unknown): boolean {
  return isPsnError(value) && (value.kind === 'npsso_rejected' || value.kind === 'refresh_expired' || value.kind === 'npsso_malformed');
}

/** Whether trying the same call again may help. */
export function isRetryable(value: unknown): boolean {
  return isPsnError(value) && value.retryable;
}
