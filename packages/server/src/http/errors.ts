/**
 * The API's one error shape, `{"error": {"code", "message", "details"?}}`, and the mapping from
 * everything the services throw (their refusals by code, connection errors, PSN client errors)
 * to it, with each code's HTTP status. A stack trace or a secret never reaches the response.
 * @module
 */
import type { ErrorCode } from '@trophyroom/contract';
import { isPsnError, type PsnError } from '@trophyroom/psn';
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ConnectionError } from '../services/connection.service.ts';
import { ServiceError } from '../services/service-error.ts';

/** An error meant for the API client: a status, a stable code and a message a person can act on. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

export const notFound = (what = 'That') => new ApiError(404, 'not_found', `${what} was not found.`);

/** The status of each refusal a service names by code. */
const serviceStatus: Partial<Record<ErrorCode, ContentfulStatusCode>> = {
  invalid_cursor: 400,
  unknown_titles: 400,
  weak_password: 400,
  webhook_url_refused: 400,
  too_many_webhooks: 400,
  invalid_archive: 400,
  library_not_empty: 409,
  run_not_open: 409,
  run_not_paused: 409,
  invalid_credentials: 401,
  signup_closed: 403,
  not_found: 404,
  username_taken: 409,
  too_many_attempts: 429,
};

function fromService(error: ServiceError): ApiError {
  const headers = error.retryAfterSeconds === undefined ? undefined : { 'Retry-After': String(error.retryAfterSeconds) };
  return new ApiError(serviceStatus[error.code] ?? 400, error.code, error.message, error.details, headers);
}

function fromPsn(error: PsnError): ApiError {
  const psn = { kind: error.kind, endpoint: error.endpoint, status: error.status, code: error.code, referenceId: error.referenceId };
  switch (error.kind) {
    case 'npsso_malformed':
      return new ApiError(400, 'npsso_malformed', error.message, { psn });
    case 'npsso_rejected':
      return new ApiError(422, 'npsso_rejected', error.message, { psn });
    case 'refresh_expired':
    case 'unauthorized':
      return new ApiError(409, 'psn_reconnect_required', 'PlayStation Network no longer accepts this connection. Connect again with a fresh NPSSO.', { psn });
    case 'rate_limited':
      return new ApiError(503, 'psn_rate_limited', 'PlayStation Network asked us to slow down. Try again in a few minutes.', { psn });
    case 'not_found':
    case 'forbidden':
    case 'bad_request':
      return new ApiError(502, 'psn_refused', error.message, { psn });
    default:
      return new ApiError(503, 'psn_unavailable', `PlayStation Network could not be reached or answered badly (${error.kind}). Try again later.`, { psn });
  }
}

function fromConnection(error: ConnectionError): ApiError {
  if (error.kind === 'not_connected') return new ApiError(404, 'not_connected', error.message);
  return new ApiError(409, 'psn_reconnect_required', error.message, { state: error.kind });
}

/** Turns anything thrown into an API error; unknown errors become a bare 500. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof ServiceError) return fromService(error);
  if (isPsnError(error)) return fromPsn(error);
  if (error instanceof ConnectionError) return fromConnection(error);
  return new ApiError(500, 'internal', 'Something went wrong on the server. It has been logged; try again.');
}

export function errorResponse(c: Context, error: ApiError): Response {
  for (const [name, value] of Object.entries(error.headers ?? {})) c.header(name, value);
  return c.json({ error: { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) } }, error.status);
}
