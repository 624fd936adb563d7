/**
 * The auth host (`ca.account.sony.com`): `authorize` trades the `npsso` cookie for a code in a
 * 302's Location, `token` serves the authorization_code, refresh_token and sso_token grants, and
 * `ssocookie` hands out a demo account's NPSSO as the real page does for a signed-in browser.
 * @module
 */
import type { Simulator } from '../simulator.ts';

const CLIENT_ID = '09515159-7237-4370-9b40-3806e67c0891';
const CLIENT_BASIC = 'Basic MDk1MTUxNTktNzIzNy00MzcwLTliNDAtMzgwNmU2N2MwODkxOnVjUGprYTV0bnRCMktxc1A=';
const REDIRECT_URI = 'com.scee.psxandroid.scecompcall://redirect';
const SCOPE = 'psn:mobile.v2.core psn:clientapp';
const CODE_TTL_MS = 5 * 60_000;
const BASE = '/api/authz/v3/oauth';

interface IssuedCode {
  index: number;
  expiresMs: number;
  sessionExpiresMs: number;
}

export function registerAuthRoutes(sim: Simulator): void {
  const { world, signer, errors, clock, options } = sim;
  const codes = new Map<string, IssuedCode>();

  /** The account of a valid NPSSO whose session is still alive. */
  const sessionOf = (npsso: string | undefined) => {
    const read = npsso ? signer.readNpsso(npsso) : undefined;
    if (!read || read.index >= options.accounts) return undefined;
    const session = world.session(read.index);
    if (session.generation % 3844 !== read.generation || session.expiresMs <= clock.now()) return undefined;
    return { index: read.index, session };
  };

  const loginRequired = () =>
    `https://my.account.sony.com/sonyacct/signin/?duid=0000000700090100&response_type=code&client_id=${CLIENT_ID}&error=login_required&error_code=4165&error_description=User+is+not+authenticated&no_captcha=true`;

  sim.route('GET', `${BASE}/authorize`, 'auth.authorize', 'none', (ctx) => {
    if (ctx.query('client_id') !== CLIENT_ID) throw errors.oauth(400, 'invalid_client', 'Invalid client', 4102);
    if (ctx.query('response_type') !== 'code') throw errors.oauth(400, 'unsupported_response_type', 'Unsupported response type', 4003);
    const cookie = ctx.c.req.header('cookie') ?? '';
    const npsso = /(?:^|;\s*)npsso=([^;]+)/.exec(cookie)?.[1];
    const found = sessionOf(npsso);
    if (!found) return new Response(null, { status: 302, headers: { location: loginRequired() } });
    ctx.limit(world.account(found.index).accountId);
    const code = signer.code();
    codes.set(code, { index: found.index, expiresMs: clock.now() + CODE_TTL_MS, sessionExpiresMs: found.session.expiresMs });
    for (const [key, issued] of codes) if (issued.expiresMs <= clock.now()) codes.delete(key);
    const redirect = ctx.query('redirect_uri') ?? REDIRECT_URI;
    return new Response(null, { status: 302, headers: { location: `${redirect}/?code=${code}&cid=${signer.cid()}` } });
  });

  sim.route('POST', `${BASE}/token`, 'auth.token', 'none', async (ctx) => {
    if (ctx.c.req.header('authorization') !== CLIENT_BASIC) throw errors.oauth(401, 'invalid_client', 'Bad client credentials', 4102);
    const type = ctx.c.req.header('content-type') ?? '';
    if (!type.includes('application/x-www-form-urlencoded'))
      throw errors.oauth(400, 'invalid_request', 'Content-Type must be application/x-www-form-urlencoded', 4001);
    const form = new URLSearchParams(await ctx.c.req.text());
    const grant = form.get('grant_type');
    const now = clock.now();
    const issue = (index: number, refresh: string, refreshExpiresMs: number, grantedSeconds?: number) => {
      const account = world.account(index);
      const iat = Math.floor(now / 1000);
      return {
        body: {
          access_token: signer.sign({
            idx: index,
            sub: account.accountId,
            iat,
            exp: iat + options.accessTokenTtl,
            typ: 'access',
            gen: world.tokenGeneration(index),
          }),
          token_type: 'bearer',
          expires_in: options.accessTokenTtl,
          scope: SCOPE,
          id_token: signer.sign({ idx: index, sub: account.accountId, iat, exp: iat + options.accessTokenTtl, typ: 'id' }),
          refresh_token: refresh,
          // A fresh grant states its lifetime exactly (863,999 or 5,183,999 recorded); a refresh, what is left.
          refresh_token_expires_in: grantedSeconds ?? Math.max(0, Math.floor((refreshExpiresMs - now) / 1000)),
        },
        headers: { 'cache-control': 'no-store', pragma: 'no-cache' },
      };
    };
    const newRefresh = (index: number, sessionExpiresMs: number) => {
      // Sony's grant varies by account (863,999 s on a fresh login in 2026 reports, 5,183,999 s in 2023
      // recordings) and is capped by what is left of the browser session (seed 004).
      const ttl = world.refreshTokenTtlOf(index);
      const capped = now + ttl * 1000 > sessionExpiresMs;
      const expiresMs = capped ? sessionExpiresMs : now + ttl * 1000;
      const iat = Math.floor(now / 1000);
      return {
        granted: capped ? Math.max(0, Math.floor((sessionExpiresMs - now) / 1000)) : ttl,
        token: signer.sign({
          idx: index,
          sub: world.account(index).accountId,
          iat,
          exp: Math.floor(expiresMs / 1000),
          typ: 'refresh',
          gen: world.tokenGeneration(index),
        }),
        expiresMs: Math.floor(expiresMs / 1000) * 1000,
      };
    };

    if (grant === 'authorization_code') {
      const code = form.get('code') ?? '';
      const issued = codes.get(code);
      codes.delete(code);
      if (!issued || issued.expiresMs <= now) throw errors.oauth(400, 'invalid_grant', 'Invalid authorization code', 4161);
      if (form.get('redirect_uri') && form.get('redirect_uri') !== REDIRECT_URI) throw errors.oauth(400, 'invalid_grant', 'redirect_uri mismatch', 4163);
      ctx.limit(world.account(issued.index).accountId);
      const refresh = newRefresh(issued.index, issued.sessionExpiresMs);
      return issue(issued.index, refresh.token, refresh.expiresMs, refresh.granted);
    }
    if (grant === 'sso_token') {
      const found = sessionOf(form.get('npsso') ?? undefined);
      if (!found) throw errors.oauth(400, 'invalid_grant', 'User is not authenticated', 4165);
      ctx.limit(world.account(found.index).accountId);
      const refresh = newRefresh(found.index, found.session.expiresMs);
      return issue(found.index, refresh.token, refresh.expiresMs, refresh.granted);
    }
    if (grant === 'refresh_token') {
      const token = form.get('refresh_token') ?? '';
      const claims = signer.verify(token, 'refresh');
      if (!claims || claims.idx >= options.accounts) throw errors.oauth(400, 'invalid_grant', 'Invalid refresh token', 4159);
      if (claims.exp * 1000 <= now) throw errors.oauth(400, 'invalid_grant', 'Refresh token has expired', 4160);
      if ((claims.gen ?? 0) < world.tokenGeneration(claims.idx)) throw errors.oauth(400, 'invalid_grant', 'Refresh token has been revoked', 4159);
      ctx.limit(world.account(claims.idx).accountId);
      // The same refresh token comes back, its life still counting down.
      return issue(claims.idx, token, claims.exp * 1000);
    }
    throw errors.oauth(400, 'unsupported_grant_type', `Unsupported grant type: ${grant ?? '(none)'}`, 4003);
  });

  sim.route('GET', '/api/v1/ssocookie', 'auth.ssocookie', 'none', (ctx) => {
    const wanted = ctx.query('onlineId');
    const account = wanted ? world.findAccount(wanted) : world.account(0);
    if (!account) throw errors.data(404, 2105356, `User not found (user: '${wanted}')`);
    const session = world.session(account.index);
    return {
      body: { npsso: sim.npssoOf(account.index), expires_in: Math.max(0, Math.floor((session.expiresMs - clock.now()) / 1000)) },
      headers: { 'cache-control': 'no-store' },
    };
  });
}
