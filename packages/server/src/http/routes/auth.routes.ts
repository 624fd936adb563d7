/** Sign-up, login, logout, the current user, instance settings and personal API tokens. */
import type { Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import { publicUser } from '../../services/accounts.service.ts';
import type { AppEnv } from '../context.ts';
import type { AppDeps } from '../deps.ts';
import { notFound } from '../errors.ts';
import { SESSION_COOKIE } from '../middleware/authenticate.ts';
import type { RouteTable } from '../route.ts';
import {
  createdToken,
  credentials,
  loginBody,
  meResponse,
  settingsBody,
  settingsResponse,
  tokenBody,
  tokenList,
  userResponse,
} from '../schemas/auth.schema.ts';

const SESSION_DAYS = 30;

export function authRoutes(routes: RouteTable, { accounts, identity }: AppDeps): void {
  // `Secure` when the user's connection is https: the public URL says so, or a trusted proxy does.
  const startSession = (c: Context<AppEnv>, session: string) =>
    setCookie(c, SESSION_COOKIE, session, { httpOnly: true, sameSite: 'Lax', secure: identity.secure(c), path: '/', maxAge: SESSION_DAYS * 86_400 });

  routes.add(
    {
      method: 'post',
      path: '/api/auth/signup',
      tag: 'accounts',
      summary: 'Create an account (the first one is the admin) and sign in',
      access: 'public',
      body: credentials,
      responses: { 201: { description: 'Signed up', schema: userResponse } },
    },
    async (c, { body }) => {
      const { user, session } = await accounts.signup(body.username, body.password);
      startSession(c, session);
      return c.json({ user: publicUser(user) }, 201);
    },
  );

  routes.add(
    {
      method: 'post',
      path: '/api/auth/login',
      tag: 'accounts',
      summary: 'Sign in (failed attempts are rate limited)',
      access: 'public',
      body: loginBody,
      responses: { 200: { description: 'Signed in', schema: userResponse } },
    },
    async (c, { body }) => {
      const { user, session } = await accounts.login(body.username, body.password, identity.clientAddress(c));
      startSession(c, session);
      return c.json({ user: publicUser(user) });
    },
  );

  routes.add(
    { method: 'post', path: '/api/auth/logout', tag: 'accounts', summary: 'Sign out', access: 'public', responses: { 204: { description: 'Signed out' } } },
    async (c) => {
      const session = c.get('session');
      if (session) await accounts.logout(session);
      deleteCookie(c, SESSION_COOKIE, { path: '/' });
      return c.body(null, 204);
    },
  );

  routes.add(
    {
      method: 'get',
      path: '/api/me',
      tag: 'accounts',
      summary: 'The signed-in user',
      access: 'user',
      responses: { 200: { description: 'You', schema: meResponse } },
    },
    async (c, { user }) => c.json({ user: publicUser(user), settings: { signupOpen: await accounts.signupOpen() } }),
  );

  routes.add(
    {
      method: 'patch',
      path: '/api/admin/settings',
      tag: 'accounts',
      summary: 'Open or close sign-up (admin)',
      access: 'admin',
      body: settingsBody,
      responses: { 200: { description: 'The settings now', schema: settingsResponse } },
    },
    async (c, { body }) => {
      await accounts.setSignupOpen(body.signupOpen);
      return c.json({ settings: { signupOpen: await accounts.signupOpen() } });
    },
  );

  routes.add(
    {
      method: 'get',
      path: '/api/tokens',
      tag: 'tokens',
      summary: 'Your personal API tokens',
      access: 'user',
      responses: { 200: { description: 'Tokens', schema: tokenList } },
    },
    async (c, { user }) => c.json({ items: await accounts.listTokens(user.id) }),
  );

  routes.add(
    {
      method: 'post',
      path: '/api/tokens',
      tag: 'tokens',
      summary: 'Create a personal API token for scripts (shown once)',
      access: 'user',
      body: tokenBody,
      responses: { 201: { description: 'The token', schema: createdToken } },
    },
    async (c, { user, body }) => c.json(await accounts.createToken(user.id, body.name), 201),
  );

  routes.add(
    {
      method: 'delete',
      path: '/api/tokens/{id}',
      tag: 'tokens',
      summary: 'Revoke a personal API token',
      access: 'user',
      responses: { 204: { description: 'Revoked' } },
    },
    async (c, { user, params }) => {
      if (!(await accounts.revokeToken(user.id, params.id as string))) throw notFound('That token');
      return c.body(null, 204);
    },
  );
}
