/**
 * CSRF defence: a state-changing request that rides on the session cookie must carry an `Origin`
 * equal to the server's own; any write that does carry an `Origin` must match it too (so a
 * foreign page cannot log a browser into another account). Bearer-token requests are exempt:
 * a browser never attaches those by itself.
 * @module
 */
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../context.ts';
import { ApiError } from '../errors.ts';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The origin the server is reached at: the configured public URL, else the request's own. */
export function ownOrigin(requestUrl: string, publicUrl: string | undefined): string {
  return new URL(publicUrl ?? requestUrl).origin;
}

export function sameOrigin(publicUrl: string | undefined): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (!SAFE.has(c.req.method) && c.get('authVia') !== 'token') {
      const origin = c.req.header('origin');
      const expected = ownOrigin(c.req.url, publicUrl);
      if (origin ? origin !== expected : c.get('authVia') === 'session')
        throw new ApiError(403, 'origin_mismatch', `Requests that change something must come from ${expected} itself (the Origin header did not match).`);
    }
    await next();
  };
}
