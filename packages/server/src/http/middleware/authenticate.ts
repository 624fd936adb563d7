/** Resolves the caller from the session cookie or a Bearer API token; routes decide whether one is needed. */
import type { MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { AccountsService } from '../../services/accounts.service.ts';
import type { AppEnv } from '../context.ts';
import { ApiError } from '../errors.ts';

export const SESSION_COOKIE = 'trophyroom_session';

export function authenticate(accounts: AccountsService): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization');
    if (header) {
      const [scheme, token] = header.split(' ');
      const user = scheme?.toLowerCase() === 'bearer' && token ? await accounts.userOfToken(token) : undefined;
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
