/**
 * A refusal a caller can act on, named by the API's error code (`errorCode` of
 * `@trophyroom/contract`: `weak_password`, `unknown_titles`, `not_found`…). Services throw it;
 * the HTTP layer gives each code its status (`http/errors.ts`).
 * @module
 */
import type { ErrorCode } from '@trophyroom/contract';

export class ServiceError extends Error {
  override readonly name = 'ServiceError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
    /** When trying again makes sense (too many attempts). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

export const notFound = (what = 'That') => new ServiceError('not_found', `${what} was not found.`);
