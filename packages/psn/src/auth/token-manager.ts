/**
 * Keeps an account's tokens fresh: refreshes the access token ahead of expiry and once after a
 * 401, with one shared in-flight refresh and a generation counter so that concurrent failures
 * refresh once. New tokens go to the caller's `onTokens` so they can be persisted.
 * @module
 */
import { isRetryable } from '../errors/guards.ts';
import { RefreshTokenExpiredError, UnauthorizedError } from '../errors/kinds.ts';
import type { AuthApi } from './auth-api.ts';
import type { TokenSet } from './token-set.ts';
import { untilAborted } from '../transport/until-aborted.ts';

export interface TokenManagerOptions {
  /** Refresh this long before the access token expires. @default 120_000 (2 minutes) */
  refreshMarginMs?: number;
  /** Receives every new token set (after a refresh too), to persist it. */
  onTokens?: (tokens: TokenSet) => void | Promise<void>;
}

export class TokenManager {
  #tokens: TokenSet | undefined;
  #generation = 0;
  #refreshing: Promise<TokenSet> | undefined;
  /** When the current tokens were received: a short-lived token gets a proportionally short margin. */
  #receivedAt: number;
  readonly #auth: AuthApi;
  readonly #now: () => number;
  readonly #margin: number;
  readonly #onTokens: TokenManagerOptions['onTokens'];

  constructor(auth: AuthApi, now: () => number, tokens: TokenSet | undefined, options: TokenManagerOptions = {}) {
    this.#auth = auth;
    this.#now = now;
    this.#tokens = tokens;
    this.#receivedAt = now();
    this.#margin = options.refreshMarginMs ?? 120_000;
    this.#onTokens = options.onTokens;
  }

  get tokens(): TokenSet | undefined {
    return this.#tokens;
  }

  /** Bumped whenever the tokens change. */
  get generation(): number {
    return this.#generation;
  }

  async set(tokens: TokenSet): Promise<void> {
    this.#tokens = tokens;
    this.#receivedAt = this.#now();
    this.#generation += 1;
    await this.#onTokens?.(tokens);
  }

  /** A valid access token, refreshed first when it expires within the margin. */
  async accessToken(signal?: AbortSignal): Promise<{ token: string; generation: number }> {
    const tokens = this.#tokens;
    if (!tokens) throw new UnauthorizedError('Not signed in to PSN: exchange an NPSSO first (PsnClient.fromNpsso).', { endpoint: 'auth.token' });
    const margin = Math.min(this.#margin, Math.max(0, (tokens.accessTokenExpiresAt - this.#receivedAt) / 2));
    if (tokens.accessTokenExpiresAt - margin > this.#now()) return { token: tokens.accessToken, generation: this.#generation };
    try {
      const fresh = await this.refresh(this.#generation, signal);
      return { token: fresh.accessToken, generation: this.#generation };
    } catch (error) {
      // An early refresh that failed for a passing reason must not fail a call the old token can still make.
      const stillValid = tokens.accessTokenExpiresAt > this.#now();
      if (stillValid && isRetryable(error) && !signal?.aborted) return { token: tokens.accessToken, generation: this.#generation };
      throw error;
    }
  }

  /**
   * Refreshes unless the tokens already changed since `seenGeneration` (another call refreshed);
   * concurrent callers share one request.
   */
  async refresh(seenGeneration = this.#generation, signal?: AbortSignal): Promise<TokenSet> {
    const tokens = this.#tokens;
    if (!tokens) throw new UnauthorizedError('Not signed in to PSN.', { endpoint: 'auth.token' });
    if (seenGeneration !== this.#generation) return tokens;
    if (tokens.refreshTokenExpiresAt <= this.#now()) throw new RefreshTokenExpiredError({ endpoint: 'auth.token' });
    // Shared by every caller, so it runs on no caller's signal: one caller aborting must not fail the others.
    const startedAt = this.#generation;
    this.#refreshing ??= this.#auth
      .refresh(tokens.refreshToken)
      .then(async (fresh) => {
        // A sign-in that landed meanwhile wins: never overwrite newer tokens with this older refresh.
        if (this.#generation !== startedAt && this.#tokens) return this.#tokens;
        // Sony returns the same refresh token; keep its original expiry rather than a recomputed one.
        const next = { ...fresh, refreshTokenExpiresAt: Math.min(fresh.refreshTokenExpiresAt, tokens.refreshTokenExpiresAt + 1000) };
        await this.set(next);
        return next;
      })
      .finally(() => {
        this.#refreshing = undefined;
      });
    return untilAborted(this.#refreshing, signal);
  }
}
