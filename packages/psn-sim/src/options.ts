/**
 * Every knob of the simulator, with its default. One object configures the world (what exists),
 * the behaviour (limits, token lifetimes) and the faults (what goes wrong).
 * @module
 */
import type { Clock } from './clock.ts';
import type { EdgeFirewallOptions } from './middleware/edge-firewall.ts';
import type { FaultRule } from './middleware/faults.ts';
import { type UntidyOptions, resolveUntidy } from './untidy.ts';

export interface RateLimitOptions {
  /** Requests allowed per account in any window. @default 300 */
  limit: number;
  /** Length of the sliding window in milliseconds. @default 900_000 (15 minutes) */
  windowMs: number;
}

export interface SimulatorOptions {
  /** Seed of the generated world: the same seed gives the same accounts, libraries and bytes. @default 42 */
  seed?: number;
  /** Number of generated accounts (1 to 1,000,000). @default 8 */
  accounts?: number;
  /** Titles in each generated library (0 to 20,000). @default 40 */
  titles?: number;
  /** When set, each library's size is drawn between `titles` and this value. */
  titlesMax?: number;
  /** Distinct trophy titles in the world's catalogue; libraries draw from it. @default max(600, 2 × largest library) */
  catalogSize?: number;
  /**
   * Share of each library's titles its player hunted to the platinum: every base-game trophy
   * earned (DLC groups as they come), the trophies dated from the first to the platinum, as a
   * trophy hunter's profile looks. @default 0
   */
  huntedRate?: number;
  /** Share of accounts (not the first) whose trophies are private. @default 0.25 */
  privateRate?: number;
  /** Share of accounts (not the first) whose browser session is 50+ days old, so their NPSSO yields a short refresh token. @default 0.15 */
  oldSessionRate?: number;
  /** Average number of friends per account. @default 6 */
  friends?: number;
  /** Include the recorded examples of the seeds (RESIDENT EVIL 5 and friends) in the first account's library. @default true */
  fixtures?: boolean;
  /**
   * The instant that generated dates are anchored to: libraries end shortly before it. Fixed by
   * default so that a seed gives byte-identical answers on any day.
   * @default '2026-11-01T00:00:00.000Z'
   */
  epoch?: string | number;
  /** Where "now" comes from (tokens, rate windows, newly earned trophies). A number freezes it. @default Date.now */
  clock?: Clock | number | (() => number);
  /** Per-account rate limit on the data and auth hosts, or `false` for none. @default { limit: 300, windowMs: 900_000 } */
  rateLimit?: Partial<RateLimitOptions> | false;
  /** Access-token lifetime in seconds. @default 3599 */
  accessTokenTtl?: number;
  /** Full refresh-token lifetime in seconds (capped by the browser session's remaining life). @default 5_183_999 (60 days less a second, as recorded) */
  refreshTokenTtl?: number;
  /** Life of a PSN browser session (and of its NPSSO) in seconds. @default 5_184_000 (60 days) */
  sessionTtl?: number;
  /** Faults active from the start (see `FaultRule`). @default [] */
  faults?: FaultRule[];
  /** Registered persisted-query hashes by operation name; unknown hashes get PersistedQueryNotFound. */
  graphqlHashes?: Partial<Record<GraphqlOperation, string>>;
  /** The untidiness of real PSN (PC titles, multi-set products, drifting totals, …): `true` for all of it, or knob by knob. @default false */
  untidy?: boolean | Partial<UntidyOptions>;
  /** The edge firewall's HTML 403 after a burst of requests, or `false`. @default false */
  edgeFirewall?: (Partial<EdgeFirewallOptions> & { burst: number }) | false;
}

export type GraphqlOperation =
  | 'metGetAccount'
  | 'metLoyaltyUserCollectibleById'
  | 'metLoyaltyGetOwnedCollectibleById'
  | 'getUserGameList'
  | 'getPurchasedGameList';

/**
 * The public app's persisted-query hashes (seed `000_*`, psn-api 2.18). `metLoyaltyGetOwnedCollectibleById`
 * replaced `metLoyaltyUserCollectibleById` in the app around September 2023 (andshrew/PlayStation-Stars,
 * "Collectible Detail"); both are answered.
 */
export const defaultGraphqlHashes: Record<GraphqlOperation, string> = {
  metGetAccount: '743c32289cdd6fbdead3b34ea80b48d63f8ddab34581469c4dda4ea412e6cf6b',
  metLoyaltyUserCollectibleById: '86ecd802c228fbae4b7482d7272932ad18f56516dbf28ede9fdbe1554b796549',
  metLoyaltyGetOwnedCollectibleById: '6d86e3978748e16f463a3062d73b7782f00a71e02d03b34b8dbffd6fe1437fe2',
  getUserGameList: 'e780a6d8b921ef0c59ec01ea5c5255671272ca0d819edb61320914cf7a78b3ae',
  getPurchasedGameList: '827a423f6a8ddca4107ac01395af2ec0eafd8396fc7fa204aaf9b7ed2eefa168',
};

export interface ResolvedOptions {
  seed: number;
  accounts: number;
  titles: number;
  titlesMax: number;
  catalogSize: number;
  huntedRate: number;
  privateRate: number;
  oldSessionRate: number;
  friends: number;
  fixtures: boolean;
  epochMs: number;
  rateLimit: RateLimitOptions | false;
  accessTokenTtl: number;
  refreshTokenTtl: number;
  sessionTtl: number;
  faults: FaultRule[];
  graphqlHashes: Record<GraphqlOperation, string>;
  untidy: UntidyOptions;
  edgeFirewall: (Partial<EdgeFirewallOptions> & { burst: number }) | false;
}

/** Fills defaults and rejects values that would make a nonsense world, with a message naming the knob. */
export function resolveOptions(options: SimulatorOptions = {}): ResolvedOptions {
  const titles = options.titles ?? 40;
  const titlesMax = Math.max(titles, options.titlesMax ?? titles);
  const resolved: ResolvedOptions = {
    seed: options.seed ?? 42,
    accounts: options.accounts ?? 8,
    titles,
    titlesMax,
    catalogSize: options.catalogSize ?? Math.max(600, titlesMax * 2),
    huntedRate: options.huntedRate ?? 0,
    privateRate: options.privateRate ?? 0.25,
    oldSessionRate: options.oldSessionRate ?? 0.15,
    friends: options.friends ?? 6,
    fixtures: options.fixtures ?? true,
    epochMs: typeof options.epoch === 'number' ? options.epoch : Date.parse(options.epoch ?? '2026-11-01T00:00:00.000Z'),
    rateLimit: options.rateLimit === false ? false : { limit: 300, windowMs: 900_000, ...(options.rateLimit ?? {}) },
    accessTokenTtl: options.accessTokenTtl ?? 3599,
    refreshTokenTtl: options.refreshTokenTtl ?? 5_183_999,
    sessionTtl: options.sessionTtl ?? 5_184_000,
    faults: options.faults ?? [],
    graphqlHashes: { ...defaultGraphqlHashes, ...(options.graphqlHashes ?? {}) },
    untidy: resolveUntidy(options.untidy),
    edgeFirewall: options.edgeFirewall ?? false,
  };
  const check = (ok: boolean, message: string) => {
    if (!ok) throw new RangeError(`psn-sim: ${message}`);
  };
  check(Number.isInteger(resolved.seed), 'seed must be an integer');
  check(Number.isInteger(resolved.accounts) && resolved.accounts >= 1 && resolved.accounts <= 1_000_000, 'accounts must be 1 to 1,000,000');
  check(Number.isInteger(titles) && titles >= 0 && titlesMax <= 20_000, 'titles must be 0 to 20,000');
  check(
    Number.isInteger(resolved.catalogSize) && resolved.catalogSize >= titlesMax && resolved.catalogSize <= 60_000,
    'catalogSize must be at least the largest library and at most 60,000',
  );
  check(resolved.huntedRate >= 0 && resolved.huntedRate <= 1, 'huntedRate must be between 0 and 1');
  check(resolved.privateRate >= 0 && resolved.privateRate <= 1, 'privateRate must be between 0 and 1');
  check(resolved.oldSessionRate >= 0 && resolved.oldSessionRate <= 1, 'oldSessionRate must be between 0 and 1');
  check(Number.isFinite(resolved.epochMs), 'epoch must be an ISO date or epoch milliseconds');
  const u = resolved.untidy;
  for (const key of ['pcTitles', 'gamesWithoutTrophies', 'multiSetProducts', 'earnedProgressBelowTarget', 'tenDayRefreshTokens'] as const)
    check(u[key] >= 0 && u[key] <= 1, `untidy.${key} must be between 0 and 1`);
  check(Number.isInteger(u.conceptSize) && u.conceptSize >= 1 && u.conceptSize <= 100, 'untidy.conceptSize must be 1 to 100');
  check(u.totalItemCountDrift >= 0, 'untidy.totalItemCountDrift must not be negative');
  if (resolved.edgeFirewall) check(resolved.edgeFirewall.burst >= 1, 'edgeFirewall.burst must be at least 1');
  if (resolved.rateLimit) check(resolved.rateLimit.limit >= 1 && resolved.rateLimit.windowMs >= 1, 'rateLimit needs limit ≥ 1 and windowMs ≥ 1');
  return resolved;
}
