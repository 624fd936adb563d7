/**
 * The auth host's calls: NPSSO → code (`authorize`, redirect not followed), code → tokens,
 * the one-step `sso_token` grant, and refresh. Each failure becomes the error a person can act on:
 * NPSSO rejected, refresh token expired, or the auth service failing.
 * @module
 */
import { z } from 'zod';
import { AuthServiceError, NpssoRejectedError, RateLimitError, RefreshTokenExpiredError } from '../errors/kinds.ts';
import type { PsnError } from '../errors/psn-error.ts';
import { readSonyError } from '../errors/from-response.ts';
import { type HostOptions, hostUrl, withQuery } from '../transport/hosts.ts';
import { parseBody } from '../transport/parse.ts';
import { retryAtFrom } from '../transport/retry-after.ts';
import type { RawResponse, Transport } from '../transport/transport.ts';
import { parseNpsso } from './npsso.ts';
import { type TokenSet, toTokenSet } from './token-set.ts';

/** The PlayStation App's public client (seed 000). */
export const PSN_CLIENT_ID = '09515159-7237-4370-9b40-3806e67c0891';
const CLIENT_BASIC = 'Basic MDk1MTUxNTktNzIzNy00MzcwLTliNDAtMzgwNmU2N2MwODkxOnVjUGprYTV0bnRCMktxc1A=';
const REDIRECT_URI = 'com.scee.psxandroid.scecompcall://redirect';
const SCOPE = 'psn:mobile.v2.core psn:clientapp';

const tokenSchema = z.looseObject({
  access_token: z.string().min(1),
  token_type: z.string(),
  expires_in: z.number(),
  scope: z.string(),
  id_token: z.string().optional(),
  refresh_token: z.string().min(1),
  refresh_token_expires_in: z.number(),
});

type Grant = 'authorization_code' | 'sso_token' | 'refresh_token';

export class AuthApi {
  readonly #transport: Transport;
  readonly #hosts: HostOptions;

  constructor(transport: Transport, hosts: HostOptions) {
    this.#transport = transport;
    this.#hosts = hosts;
  }

  #auth(path: string): string {
    return `${hostUrl('auth', this.#hosts)}${path}`;
  }

  /** Common failures of the auth host: 429 and 5xx; `undefined` means "look closer". */
  #common(raw: RawResponse, endpoint: string): PsnError | undefined {
    if (raw.status === 429)
      return new RateLimitError(retryAtFrom(raw.headers, this.#transport.config.now()) ?? new Date(this.#transport.config.now() + 60_000), {
        endpoint,
        status: 429,
      });
    if (raw.status >= 500)
      return new AuthServiceError(
        `Sony's sign-in service is failing (HTTP ${raw.status}): an outage on Sony's side, not a problem with the NPSSO or the stored token.`,
        { endpoint, status: raw.status, retryable: true },
      );
    return undefined;
  }

  /** Exchanges an NPSSO for an authorization code (`authorize`, with the `npsso` cookie). */
  async code(npssoInput: string, signal?: AbortSignal): Promise<string> {
    const npsso = parseNpsso(npssoInput);
    const endpoint = 'auth.authorize';
    const url = withQuery(this.#auth('/authorize'), {
      access_type: 'offline',
      client_id: PSN_CLIENT_ID,
      redirect_uri: REDIRECT_URI,
      response_type: 'code',
      scope: SCOPE,
    });
    const raw = await this.#transport.exchange({
      endpoint,
      url,
      headers: () => ({ cookie: `npsso=${npsso}` }),
      signal,
      redirect: 'manual',
      classify: (r) => {
        const common = this.#common(r, endpoint);
        if (common) return common;
        const location = r.headers.get('location') ?? '';
        if (r.status === 302 && /[?&]code=/.test(location)) return undefined;
        const code = Number(/[?&]error_code=(\d+)/.exec(location)?.[1] ?? readSonyError(r.text).code ?? Number.NaN);
        if ((r.status === 302 && location.includes('error=')) || r.status === 403 || r.status === 401) {
          return new NpssoRejectedError({ endpoint, status: r.status, code: Number.isNaN(code) ? undefined : code });
        }
        return new AuthServiceError(`Sony's sign-in answered ${r.status} without a code; try again, and if it persists copy a new NPSSO.`, {
          endpoint,
          status: r.status,
          retryable: false,
        });
      },
    });
    const location = raw.headers.get('location') ?? '';
    return new URLSearchParams(location.slice(location.indexOf('?') + 1)).get('code') as string;
  }

  /** Exchanges an authorization code for tokens. */
  tokensFromCode(code: string, signal?: AbortSignal): Promise<TokenSet> {
    return this.#grant('authorization_code', { code, redirect_uri: REDIRECT_URI }, signal);
  }

  /** Exchanges an NPSSO for tokens in one step (the `sso_token` grant of seed 000). */
  tokensFromNpsso(npssoInput: string, signal?: AbortSignal): Promise<TokenSet> {
    return this.#grant('sso_token', { npsso: parseNpsso(npssoInput), scope: SCOPE }, signal);
  }

  /** Trades a refresh token for a new access token (the refresh token comes back unchanged). */
  refresh(refreshToken: string, signal?: AbortSignal): Promise<TokenSet> {
    return this.#grant('refresh_token', { refresh_token: refreshToken, scope: SCOPE }, signal);
  }

  async #grant(grant: Grant, fields: Record<string, string>, signal?: AbortSignal): Promise<TokenSet> {
    const endpoint = 'auth.token';
    const raw = await this.#transport.exchange({
      endpoint,
      url: this.#auth('/token'),
      method: 'POST',
      headers: () => ({ authorization: CLIENT_BASIC, 'content-type': 'application/x-www-form-urlencoded' }),
      body: new URLSearchParams({ grant_type: grant, token_format: 'jwt', ...fields }).toString(),
      signal,
      // A code is single-use: if Sony took it before the answer was lost, a retry can only fail.
      idempotent: grant !== 'authorization_code',
      classify: (r) => {
        const common = this.#common(r, endpoint);
        if (common) return common;
        if (r.status === 200) return undefined;
        const sony = readSonyError(r.text);
        const details = { endpoint, status: r.status, code: sony.code };
        let oauthError = '';
        try {
          oauthError = String((JSON.parse(r.text) as { error?: unknown }).error ?? '');
        } catch {
          // not JSON: handled below
        }
        if (oauthError === 'invalid_grant') {
          if (grant === 'refresh_token') return new RefreshTokenExpiredError(details);
          if (grant === 'sso_token') return new NpssoRejectedError(details);
          return new AuthServiceError('Sony refused the authorization code (expired or already used); sign in again.', { ...details, retryable: false });
        }
        return new AuthServiceError(`Sony's token service answered ${r.status}${sony.message ? `: ${sony.message}` : ''}.`, { ...details, retryable: false });
      },
    });
    const now = this.#transport.config.now();
    try {
      return toTokenSet(parseBody(raw.text, tokenSchema, { endpoint, status: raw.status }), now);
    } catch (error) {
      throw new AuthServiceError(`Sony's token service sent an unexpected answer (${(error as Error).message})`, {
        endpoint,
        status: raw.status,
        retryable: false,
      });
    }
  }
}
