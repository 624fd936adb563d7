/**
 * Turns a non-2xx answer into the right `PsnError`, reading Sony's three error shapes (data hosts
 * `{error:{code,message,referenceId}}`, game list `{reason,code,message,referenceId}`, OAuth
 * `{error,error_description,error_code}`) and surviving HTML pages and empty bodies.
 * @module
 */
import { BadRequestError, ForbiddenError, NotFoundError, RateLimitError, ServerError, UnauthorizedError } from './kinds.ts';
import { PsnError } from './psn-error.ts';
import { retryAtFrom } from '../transport/retry-after.ts';

export interface SonyErrorBody {
  code?: number;
  message?: string;
  referenceId?: string;
}

/** Reads Sony's error code, message and reference id from any of its shapes. */
export function readSonyError(text: string): SonyErrorBody {
  try {
    const body = JSON.parse(text) as Record<string, unknown>;
    const nested = body.error && typeof body.error === 'object' ? (body.error as Record<string, unknown>) : undefined;
    const source = nested ?? body;
    const code = typeof source.code === 'number' ? source.code : typeof body.error_code === 'number' ? body.error_code : undefined;
    const message = typeof source.message === 'string' ? source.message : typeof body.error_description === 'string' ? body.error_description : undefined;
    const referenceId = typeof source.referenceId === 'string' ? source.referenceId : undefined;
    return { code, message, referenceId };
  } catch {
    return {};
  }
}

function isHtml(text: string, contentType: string | null): boolean {
  return (contentType ?? '').includes('html') || /^\s*<(!doctype|html)/i.test(text);
}

/** The error for a non-2xx answer of a data endpoint. */
export function fromResponse(status: number, text: string, headers: Headers, context: { endpoint: string; now: number; hint?: string }): PsnError {
  const { endpoint } = context;
  if (isHtml(text, headers.get('content-type'))) {
    if (status === 403)
      return new ServerError(
        `Sony's edge firewall refused the request with an HTML "Access Denied" page (403, ${endpoint}), as it does after a burst of requests. Back off and try again later; this is not a sign-in problem.`,
        { endpoint, status, retryable: true, edgeBlocked: true },
      );
    return new ServerError(`PSN's edge answered ${status} with an HTML page instead of JSON (${endpoint}).`, { endpoint, status, retryable: true });
  }
  const sony = readSonyError(text);
  const details = { endpoint, status, code: sony.code, referenceId: sony.referenceId };
  const said = sony.message ? `: ${sony.message}` : '';
  if (status === 429) return new RateLimitError(retryAtFrom(headers, context.now) ?? new Date(context.now + 60_000), details);
  if (status === 401) return new UnauthorizedError(`PSN refused the access token (${endpoint})${said}.`, details);
  if (status === 403) return new ForbiddenError(`Not permitted by the account's privacy settings (${endpoint})${said}.`, details);
  if (status === 404) return new NotFoundError(`Not found on PSN (${endpoint})${said}.`, { ...details, hint: context.hint });
  if (status === 400) return new BadRequestError(`PSN rejected the request as malformed (${endpoint})${said}.`, details);
  if (status >= 500) return new ServerError(`PSN failed with ${status} (${endpoint})${said}.`, { ...details, retryAt: retryAtFrom(headers, context.now) });
  return new PsnError('server', `PSN answered ${status} (${endpoint})${said}.`, details);
}
