/**
 * `PsnClient`: one PSN account's client. Options inject everything that touches the outside
 * (fetch, clock, sleep, logger, base URLs), so the client runs unchanged against Sony or the
 * simulator and tests move a clock instead of sleeping.
 * @module
 */
import type { z } from 'zod';
import { Api, type CallOptions, type ClientStats } from './api.ts';
import { AuthApi } from './auth/auth-api.ts';
import { isRetryable } from './errors/guards.ts';
import { TokenManager } from './auth/token-manager.ts';
import type { TokenSet } from './auth/token-set.ts';
import { RateBudget, type RateBudgetOptions } from './budget/rate-budget.ts';
import { type Logger, silentLogger } from './logger.ts';
import type { Paginator } from './pagination/paginator.ts';
import { type GameListOptions, type PlayedGame, type PlayedGamesPage, getPlayedGames, iteratePlayedGames } from './resources/game-list.ts';
import {
  type GraphqlOperation,
  type GraphqlOperationOptions,
  type GraphqlQueryOptions,
  type PurchasedGame,
  type PurchasedGamesOptions,
  type RecentlyPlayedGame,
  type RecentlyPlayedOptions,
  type StarsAccount,
  type StarsCollectible,
  defaultGraphqlHashes,
  getPurchasedGames,
  getRecentlyPlayed,
  getStarsAccount,
  getStarsCollectible,
  getOwnedStarsCollectible,
  graphqlQuery,
  hashOf,
} from './resources/graphql.ts';
import {
  type LegacyGroups,
  type LegacyOptions,
  type LegacyTitle,
  type LegacyTitleRef,
  type LegacyTitlesOptions,
  type LegacyTitlesPage,
  type LegacyTrophies,
  getLegacyGroups,
  getLegacyTitles,
  getLegacyTrophies,
  iterateLegacyTitles,
} from './resources/legacy-trophies.ts';
import { type MergedTitle, type MergedTitleOptions, getMergedTitle } from './resources/merged-title.ts';
import {
  type FriendsOptions,
  type FriendsPage,
  type Presence,
  type Profile,
  type Profile2,
  accountIdOf,
  getFriends,
  getPresence,
  getProfile,
  getProfile2,
  iterateFriends,
} from './resources/profiles.ts';
import { type Player, searchPlayers } from './resources/search.ts';
import type { TitleRef } from './resources/title-ref.ts';
import { type TitleById, type TitlesByIdOptions, getTitlesById } from './resources/titles-by-id.ts';
import { type TitleGroups, type TitleTrophies, getTitleGroups, getTitleTrophies } from './resources/trophy-definitions.ts';
import { type AccountOptions, type UserGroups, type UserTrophies, getUserGroups, getUserTrophies } from './resources/trophy-earnings.ts';
import { type TrophySummary, getTrophySummary } from './resources/trophy-summary.ts';
import { type TitleListOptions, type TrophyTitle, type TrophyTitlesPage, getTrophyTitles, iterateTrophyTitles } from './resources/trophy-titles.ts';
import { type Sleep, sleep as realSleep } from './transport/delay.ts';
import type { HostOptions, LegacyRegion } from './transport/hosts.ts';
import { type RetryPolicy, defaultRetryPolicy } from './transport/retry-policy.ts';
import type { SkippedItem } from './transport/parse.ts';
import { type Fetch, type RequestInfo, Transport } from './transport/transport.ts';

export interface PsnClientOptions {
  /** Tokens from an earlier sign-in (persisted from `onTokens`). */
  tokens?: TokenSet;
  /** Receives every new token set, after sign-in and after each refresh: persist it here. */
  onTokens?: (tokens: TokenSet) => void | Promise<void>;
  /** @default globalThis.fetch */
  fetch?: Fetch;
  /** One origin for every Sony host (e.g. the simulator, `http://127.0.0.1:4100`). */
  baseUrl?: string;
  /** Per-host base URLs, overriding `baseUrl`. */
  baseUrls?: HostOptions['baseUrls'];
  /** Region of the legacy trophy host. @default 'gb' */
  legacyRegion?: LegacyRegion;
  /** Where "now" comes from (token expiry, the budget). @default Date */
  clock?: { now(): number };
  /** How to wait (backoff, budget). @default timers */
  sleep?: Sleep;
  /** Jitter source. @default Math.random */
  random?: () => number;
  /** @default silent */
  logger?: Logger;
  /**
   * Hears every request actually sent to Sony, once its answer is in (retries each count; a
   * request the budget refused or that never got an answer does not): for counting and metrics.
   * @example onRequest: ({ endpoint, status }) => requests.inc({ route: endpoint, status })
   */
  onRequest?: (info: RequestInfo) => void;
  /** `Accept-Language` of every call (e.g. `de-DE`). @default Sony's default (English) */
  language?: string;
  /** Timeout of each request in ms. @default 15_000 */
  timeoutMs?: number;
  /** Retries of network errors, timeouts, 5xx and 429. */
  retry?: Partial<RetryPolicy>;
  /** The per-account rate budget, or `false` for none. @default { limit: 300, windowMs: 900_000 } */
  budget?: RateBudgetOptions | false;
  /** The budget's key: one per PSN account when several clients share a store. @default 'default' */
  budgetKey?: string;
  /** Refresh the access token this long before it expires. @default 120_000 */
  refreshMarginMs?: number;
  /** Persisted-query hashes of the GraphQL operations (Sony rotates them). @default defaultGraphqlHashes */
  graphqlHashes?: Partial<Record<GraphqlOperation, string>>;
  /**
   * Hears each list item Sony sent malformed (a title, a trophy, a game) that was left out so the
   * rest of the page and the walk go on. Each is also logged (`warn`) and counted in `stats`.
   */
  onSkippedItem?: (item: SkippedItem) => void;
}

export interface SignInOptions {
  /** `code`: authorize then token (the PlayStation App's flow); `sso`: the one-step `sso_token` grant. @default 'code' */
  flow?: 'code' | 'sso';
  signal?: AbortSignal;
}

export class PsnClient {
  readonly #tokens: TokenManager;
  readonly #auth: AuthApi;
  /** @internal the authenticated call, for resources. */
  readonly api: Api;
  readonly budget: RateBudget | undefined;
  readonly #graphqlHashes: Partial<Record<string, string>>;

  constructor(options: PsnClientOptions = {}) {
    const clock = options.clock ?? Date;
    const sleep = options.sleep ?? realSleep;
    const hosts: HostOptions = { baseUrl: options.baseUrl, baseUrls: options.baseUrls, legacyRegion: options.legacyRegion };
    // A request reaches Sony within its timeout, so a margin that long keeps Sony's count behind the budget's.
    const margin = Math.max(1000, options.timeoutMs ?? 15_000);
    this.budget = options.budget === false ? undefined : new RateBudget({ safetyMarginMs: margin, ...options.budget }, () => clock.now(), sleep);
    const transport = new Transport({
      fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
      now: () => clock.now(),
      sleep,
      random: options.random ?? Math.random,
      logger: options.logger ?? silentLogger,
      retry: { ...defaultRetryPolicy, ...options.retry },
      timeoutMs: options.timeoutMs ?? 15_000,
      budget: this.budget,
      onRequest: options.onRequest,
    });
    this.#auth = new AuthApi(transport, hosts);
    this.#tokens = new TokenManager(this.#auth, () => clock.now(), options.tokens, { refreshMarginMs: options.refreshMarginMs, onTokens: options.onTokens });
    this.api = new Api(transport, this.#tokens, hosts, options.language, options.budgetKey ?? 'default', options.onSkippedItem);
    this.#graphqlHashes = { ...defaultGraphqlHashes, ...options.graphqlHashes };
  }

  /** Signs in with an NPSSO (raw, or the pasted `{"npsso":…}` JSON) and returns a ready client. */
  static async fromNpsso(npsso: string, options: PsnClientOptions & SignInOptions = {}): Promise<PsnClient> {
    const client = new PsnClient(options);
    await client.signIn(npsso, options);
    return client;
  }

  /** What the client noticed about Sony's answers: `skippedItems`, the malformed list items left out. */
  get stats(): Readonly<ClientStats> {
    return this.api.stats;
  }

  /** The current tokens, with absolute expiries; undefined before sign-in. */
  get tokens(): TokenSet | undefined {
    return this.#tokens.tokens;
  }

  /** Exchanges an NPSSO for tokens. The NPSSO is used for this call only and never kept. */
  async signIn(npsso: string, options: SignInOptions = {}): Promise<TokenSet> {
    const codeFlow = async () => this.#auth.tokensFromCode(await this.#auth.code(npsso, options.signal), options.signal);
    let tokens: TokenSet;
    if (options.flow === 'sso') tokens = await this.#auth.tokensFromNpsso(npsso, options.signal);
    else {
      try {
        tokens = await codeFlow();
      } catch (error) {
        // The code exchange is not retried (a code is single-use); a passing failure gets one fresh code instead.
        if (!isRetryable(error) || options.signal?.aborted || this.api.transport.config.retry.retries === 0) throw error;
        tokens = await codeFlow();
      }
    }
    await this.#tokens.set(tokens);
    return tokens;
  }

  /** Refreshes the access token now (it is refreshed automatically ahead of expiry anyway). */
  refresh(signal?: AbortSignal): Promise<TokenSet> {
    return this.#tokens.refresh(undefined, signal);
  }

  /** Trophies: titles, definitions, earned state, summary, lookups by product id, and the merged view. */
  readonly trophies = {
    /** One page of the title list (800 titles at most). */
    titles: (options?: TitleListOptions): Promise<TrophyTitlesPage> => getTrophyTitles(this.api, options),
    /** Every title, newest first, 800 a page: `for await (const t of psn.trophies.allTitles())`. */
    allTitles: (options?: Omit<TitleListOptions, 'offset' | 'limit'>): Paginator<TrophyTitle> => iterateTrophyTitles(this.api, options),
    /** A title's groups (names, icons, defined counts). */
    titleGroups: (title: TitleRef, options?: CallOptions): Promise<TitleGroups> => getTitleGroups(this.api, title, options),
    /** A title's trophy definitions, of one group or `all`. */
    titleTrophies: (title: TitleRef, groupId = 'all', options?: CallOptions): Promise<TitleTrophies> => getTitleTrophies(this.api, title, groupId, options),
    /** An account's earned counts and progress per group of a title. */
    userGroups: (title: TitleRef, options?: AccountOptions): Promise<UserGroups> => getUserGroups(this.api, title, options),
    /** An account's earned state of a title's trophies, with rarity. */
    userTrophies: (title: TitleRef, groupId = 'all', options?: AccountOptions): Promise<UserTrophies> => getUserTrophies(this.api, title, groupId, options),
    /** Trophy level, points and earned counts. */
    summary: (options?: AccountOptions): Promise<TrophySummary> => getTrophySummary(this.api, options),
    /** Trophy titles of product ids (CUSA…/PPSA…), batched 5 a request. */
    byTitleIds: (npTitleIds: readonly string[], options?: TitlesByIdOptions): Promise<TitleById[]> => getTitlesById(this.api, npTitleIds, options),
    /** A title's groups and trophies, definitions joined with earned state (2–3 requests). */
    title: (title: TitleRef, options?: MergedTitleOptions): Promise<MergedTitle> => getMergedTitle(this.api, title, options),
  };

  /** The game list: PS4/PS5 games played, with last-played times and play durations. */
  readonly gameList = {
    /** One page of played games (200 at most). */
    played: (options?: GameListOptions): Promise<PlayedGamesPage> => getPlayedGames(this.api, options),
    /** Every played game, most recent first, 200 a page. */
    allPlayed: (options?: Omit<GameListOptions, 'offset' | 'limit'>): Paginator<PlayedGame> => iteratePlayedGames(this.api, options),
  };

  /** Profiles, friends, presence, and online id → account id. */
  readonly profiles = {
    /** An account's profile (online id, avatars, about me, Plus). */
    get: (options?: AccountOptions): Promise<Profile> => getProfile(this.api, options),
    /** One page of an account's friends' account ids (1000 at most). */
    friends: (options?: FriendsOptions): Promise<FriendsPage> => getFriends(this.api, options),
    /** Every friend's account id, 1000 a page. */
    allFriends: (options?: Omit<FriendsOptions, 'offset' | 'limit'>): Paginator<string> => iterateFriends(this.api, options),
    /** Online status, platform and current game. */
    presence: (options?: AccountOptions): Promise<Presence> => getPresence(this.api, options),
    /** The legacy profile of an online id (account id, npId, trophy level). */
    profile2: (onlineId: string, options?: CallOptions): Promise<Profile2> => getProfile2(this.api, onlineId, options),
    /** The 19-digit account id of an online id. */
    accountIdOf: (onlineId: string, options?: CallOptions): Promise<string> => accountIdOf(this.api, onlineId, options),
  };

  /** Universal search. */
  readonly search = {
    /** Players matching an online id (account id, online id, avatar), best first. */
    players: (term: string, options?: CallOptions): Promise<Player[]> => searchPlayers(this.api, term, options),
  };

  /** GraphQL persisted queries, with the hashes of the `graphqlHashes` option. */
  readonly graphql = {
    /** Any persisted query; returns `data` (validated when a `schema` is given). */
    query: <S extends z.ZodType = z.ZodUnknown>(
      operationName: string,
      variables: Record<string, unknown>,
      options: GraphqlQueryOptions<S> = {},
    ): Promise<z.output<S>> =>
      graphqlQuery(this.api, operationName, variables, { ...options, hash: options.hash ?? hashOf(this.#graphqlHashes, operationName) }),
    /** PlayStation Stars summary of an account. */
    starsAccount: (accountId = 'me', options: GraphqlOperationOptions = {}): Promise<StarsAccount> =>
      getStarsAccount(this.api, accountId, { ...options, hash: options.hash ?? this.#graphqlHashes.metGetAccount }),
    /** One PlayStation Stars collectible of an account (the 2022 operation, `metLoyaltyUserCollectibleById`). */
    starsCollectible: (collectibleId: string, accountId = 'me', options: GraphqlOperationOptions = {}): Promise<StarsCollectible> =>
      getStarsCollectible(this.api, collectibleId, accountId, { ...options, hash: options.hash ?? this.#graphqlHashes.metLoyaltyUserCollectibleById }),
    /** One PlayStation Stars collectible as the app asks for it since 2023, with when and how it was earned (`metLoyaltyGetOwnedCollectibleById`). */
    ownedStarsCollectible: (collectibleId: string, accountId = 'me', options: GraphqlOperationOptions = {}): Promise<StarsCollectible> =>
      getOwnedStarsCollectible(this.api, collectibleId, accountId, {
        ...options,
        hash: options.hash ?? this.#graphqlHashes.metLoyaltyGetOwnedCollectibleById,
      }),
    /** The caller's recently played games (web host). */
    recentlyPlayed: (options: RecentlyPlayedOptions = {}): Promise<RecentlyPlayedGame[]> =>
      getRecentlyPlayed(this.api, { ...options, hash: options.hash ?? this.#graphqlHashes.getUserGameList }),
    /** One page of the caller's purchased games (web host). */
    purchasedGames: (options: PurchasedGamesOptions = {}): Promise<PurchasedGame[]> =>
      getPurchasedGames(this.api, { ...options, hash: options.hash ?? this.#graphqlHashes.getPurchasedGameList }),
  };

  /** The legacy regional trophy host (PS3/PS4/Vita, seed 002); `region` per call or the `legacyRegion` option. */
  readonly legacy = {
    /** One page of legacy titles (128 at most). */
    titles: (options?: LegacyTitlesOptions): Promise<LegacyTitlesPage> => getLegacyTitles(this.api, options),
    /** Every legacy title, newest first, 128 a page. */
    allTitles: (options?: Omit<LegacyTitlesOptions, 'offset' | 'limit'>): Paginator<LegacyTitle> => iterateLegacyTitles(this.api, options),
    /** A legacy title's groups with per-user progress. */
    groups: (title: LegacyTitleRef, options?: LegacyOptions): Promise<LegacyGroups> => getLegacyGroups(this.api, title, options),
    /** A legacy group's trophies with earned rates (secret ones revealed). */
    trophies: (title: LegacyTitleRef, groupId = 'default', options?: LegacyOptions): Promise<LegacyTrophies> =>
      getLegacyTrophies(this.api, title, groupId, options),
  };

  /** Never print tokens: `console.log(client)` shows only whether it is signed in. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    const t = this.#tokens.tokens;
    return `PsnClient { signedIn: ${Boolean(t)}${t ? `, refreshTokenExpiresAt: ${new Date(t.refreshTokenExpiresAt).toISOString()}` : ''} }`;
  }

  toJSON(): Record<string, unknown> {
    return { signedIn: Boolean(this.#tokens.tokens) };
  }
}
