/**
 * CSRF defence: a state-changing request that rides on the session cookie must carry an `Origin`
 * equal to the server's own; any write that does carry an `Origin` must match it too (so a
 * foreign page cannot log a browser into another account). Bearer-token requests are exempt:
 * a browser never attaches those by itself. The server's origin is the public URL's, or that of
 * the address it listens on (`ServerIdentity`), never whatever the Host header says.
 * @module
 */
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../context.ts';
import { ApiError } from '../errors.ts';
import type { ServerIdentity } from '../server-identity.ts';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

export function sameOrigin(identity: ServerIdentity): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (!SAFE.has(c.req.method) && c.get('authVia') !== 'token') {
      const origin = c.req.header('origin');
      const expected = identity.expectedOrigin(c);
      if (origin ? origin !== expected : c.get('authVia') === 'session')
        throw new ApiError(403, 'origin_mismatch', `Requests that change something must come from ${expected} itself (the Origin header did not match).`);
    }
    await next();
  };
}
