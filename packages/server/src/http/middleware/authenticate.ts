/**
 * Resolves the caller from the session cookie or a Bearer API token; routes decide whether one is
 * needed. Only the `Bearer` scheme is ours: a reverse proxy's basic auth (`Authorization: Basic …`,
 * which the browser then sends with every request) is ignored, and the cookie decides.
 */
import type { MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { AccountsService } from '../../services/accounts.service.ts';
import type { AppEnv } from '../context.ts';
import { ApiError } from '../errors.ts';

export const SESSION_COOKIE = 'trophyroom_session';

export function authenticate(accounts: AccountsService): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const [scheme, token] = c.req.header('authorization')?.trim().split(/\s+/) ?? [];
    if (scheme?.toLowerCase() === 'bearer') {
      const user = token ? await accounts.userOfToken(token) : undefined;
      if (!user) throw new ApiError(401, 'unauthenticated', 'That API token is not valid (revoked, or mistyped). Create a new one in Settings.');
      c.set('user', user);
      c.set('authVia', 'token');
    } else {
      const session = getCookie(c, SESSION_COOKIE);
      const user = session ? await accounts.userOfSession(session) : undefined;
      c.set('session', session);
      c.set('user', user);
      c.set('authVia', user ? 'session' : undefined);
    }
    await next();
  };
}
