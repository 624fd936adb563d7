/** Sign-up, login, logout, the current user, instance settings and personal API tokens. */
import { endpoints } from '@trophyroom/contract';
import type { Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import { publicUser } from '../../services/accounts.service.ts';
import type { AppEnv } from '../context.ts';
import type { AppDeps } from '../deps.ts';
import { notFound } from '../errors.ts';
import { SESSION_COOKIE } from '../middleware/authenticate.ts';
import type { RouteTable } from '../route.ts';

const SESSION_DAYS = 30;

export function accountsRoutes(routes: RouteTable, { accounts, identity }: AppDeps): void {
  // `Secure` when the user's connection is https: the public URL says so, or a trusted proxy does.
  const startSession = (c: Context<AppEnv>, session: string) =>
    setCookie(c, SESSION_COOKIE, session, { httpOnly: true, sameSite: 'Lax', secure: identity.secure(c), path: '/', maxAge: SESSION_DAYS * 86_400 });

  routes.add(endpoints.signup, async (c, { body }) => {
    const { user, session } = await accounts.signup(body.username, body.password);
    startSession(c, session);
    return c.json({ user: publicUser(user) }, 201);
  });

  routes.add(endpoints.login, async (c, { body }) => {
    const { user, session } = await accounts.login(body.username, body.password, identity.clientAddress(c));
    startSession(c, session);
    return c.json({ user: publicUser(user) });
  });

  routes.add(endpoints.logout, async (c) => {
    const session = c.get('session');
    if (session) await accounts.logout(session);
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.body(null, 204);
  });

  routes.add(endpoints.me, async (c, { user }) => c.json({ user: publicUser(user), settings: { signupOpen: await accounts.signupOpen() } }));

  routes.add(endpoints.updateSettings, async (c, { body }) => {
    await accounts.setSignupOpen(body.signupOpen);
    return c.json({ settings: { signupOpen: await accounts.signupOpen() } });
  });

  routes.add(endpoints.listTokens, async (c, { user }) => c.json({ items: await accounts.listTokens(user.id) }));

  routes.add(endpoints.createToken, async (c, { user, body }) => c.json(await accounts.createToken(user.id, body.name), 201));

  routes.add(endpoints.revokeToken, async (c, { user, params }) => {
    if (!(await accounts.revokeToken(user.id, params.id as string))) throw notFound('That token');
    return c.body(null, 204);
  });
}
