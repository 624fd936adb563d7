/**
 * GraphQL persisted queries (`GET {graphql}/op?operationName&variables&extensions`, mobile and web
 * hosts): a generic `graphqlQuery`, and the known operations (PlayStation Stars, recently played and
 * purchased games). Sony answers errors with HTTP 200 and an `errors` array; they become a
 * `GraphqlError`. Only registered hashes work, so they come from configuration (seed `000_*`).
 * Answers as recorded: `packages/psn-sim/recordings/andshrew-*`, `psn-api-recently-played.json`,
 * `ha-ps5-purchased-games.json`.
 * @module
 */
import { z } from 'zod';
import type { Api, CallOptions } from '../api.ts';
import { GraphqlError } from '../errors/kinds.ts';
import type { PsnErrorKind } from '../errors/psn-error.ts';
import { type ItemPath, validate } from '../transport/parse.ts';
import { optional } from './shared-schemas.ts';
import type { GameCategory } from './game-list.ts';

export type GraphqlOperation =
  | 'metGetAccount'
  | 'metLoyaltyUserCollectibleById'
  | 'metLoyaltyGetOwnedCollectibleById'
  | 'getUserGameList'
  | 'getPurchasedGameList';

/**
 * The PlayStation App's persisted-query hashes (seed `000_*`, psn-api 2.18). The app replaced
 * `metLoyaltyUserCollectibleById` by `metLoyaltyGetOwnedCollectibleById` around September 2023
 * (app 23.8.0; the old one "may continue to work": andshrew/PlayStation-Stars, "Collectible Detail").
 */
export const defaultGraphqlHashes: Readonly<Record<GraphqlOperation, string>> = {
  metGetAccount: '743c32289cdd6fbdead3b34ea80b48d63f8ddab34581469c4dda4ea412e6cf6b',
  metLoyaltyUserCollectibleById: '86ecd802c228fbae4b7482d7272932ad18f56516dbf28ede9fdbe1554b796549',
  metLoyaltyGetOwnedCollectibleById: '6d86e3978748e16f463a3062d73b7782f00a71e02d03b34b8dbffd6fe1437fe2',
  getUserGameList: 'e780a6d8b921ef0c59ec01ea5c5255671272ca0d819edb61320914cf7a78b3ae',
  getPurchasedGameList: '827a423f6a8ddca4107ac01395af2ec0eafd8396fc7fa204aaf9b7ed2eefa168',
};

/** The hash of a named operation in a hash table (own keys only), or undefined. */
export function hashOf(hashes: Partial<Record<string, string>>, operationName: string): string | undefined {
  return Object.hasOwn(hashes, operationName) ? hashes[operationName] : undefined;
}

const graphqlErrorSchema = z.looseObject({
  message: z.string(),
  /** Nimbus errors carry the HTTP status they stand for. */
  statusCode: z.number().optional(),
  extensions: z.looseObject({ code: z.string().optional() }).optional(),
  error: z.looseObject({ referenceId: z.string().optional() }).optional(),
});
type GraphqlErrorEntry = z.output<typeof graphqlErrorSchema>;

const envelopeSchema = z.looseObject({ data: z.unknown().optional(), errors: z.array(graphqlErrorSchema).optional() });

export interface GraphqlQueryOptions<S extends z.ZodType = z.ZodType> extends CallOptions {
  /** The persisted query's sha256 hash. @default the configured hash of a known operation */
  hash?: string;
  /** `mobile` (m.np.playstation.com) or `web` (web.np.playstation.com). @default 'mobile' */
  host?: 'mobile' | 'web';
  /** Schema of `data`; without one, `data` comes back unvalidated. */
  schema?: S;
  /** Lists inside `data` whose malformed items are left out (and reported) instead of failing the call. */
  items?: readonly ItemPath[];
}

function kindOf(errors: GraphqlErrorEntry[]): PsnErrorKind {
  const statuses = errors.map((e) => e.statusCode);
  if (errors.some((e) => e.message === 'PersistedQueryNotFound' || e.extensions?.code === 'PERSISTED_QUERY_NOT_FOUND')) return 'bad_request';
  if (statuses.includes(404) || errors.some((e) => /not found/i.test(e.message))) return 'not_found';
  if (statuses.includes(403)) return 'forbidden';
  if (statuses.includes(400)) return 'bad_request';
  return 'server';
}

/** Runs a persisted query and returns its validated `data`; `errors` in the answer throw a `GraphqlError`. */
export async function graphqlQuery<S extends z.ZodType = z.ZodUnknown>(
  api: Api,
  operationName: string,
  variables: Record<string, unknown>,
  options: GraphqlQueryOptions<S> = {},
): Promise<z.output<S>> {
  const hash = options.hash ?? hashOf(defaultGraphqlHashes, operationName);
  if (!hash) throw new TypeError(`No persisted-query hash for the GraphQL operation "${operationName}": pass one as \`hash\`.`);
  const endpoint = 'graphql.op';
  const body = await api.call({
    endpoint,
    host: options.host === 'web' ? 'graphqlWeb' : 'graphql',
    path: '/op',
    query: { operationName, variables: JSON.stringify(variables), extensions: JSON.stringify({ persistedQuery: { version: 1, sha256Hash: hash } }) },
    schema: envelopeSchema,
    signal: options.signal,
    language: options.language,
  });
  if (body.errors?.length) {
    const messages = body.errors.map((e) => e.message);
    const kind = kindOf(body.errors);
    const why = kind === 'bad_request' && messages.includes('PersistedQueryNotFound') ? ' (update the hash in the client option `graphqlHashes`)' : '';
    throw new GraphqlError(kind, `PSN's GraphQL operation ${operationName} failed: ${messages.join('; ')}${why}.`, {
      endpoint,
      status: 200,
      retryable: body.errors.some((e) => (e.statusCode ?? 0) >= 500),
      referenceId: body.errors.find((e) => e.error?.referenceId)?.error?.referenceId,
      operationName,
      messages,
    });
  }
  if (!options.schema) return body.data as z.output<S>;
  return validate(body.data, options.schema, {
    endpoint,
    status: 200,
    items: options.items,
    pathPrefix: ['data'],
    onSkipped: (item) => api.reportSkipped(item),
  });
}

const mediaSchema = z.looseObject({ url: z.string(), role: optional(z.string()), type: optional(z.string()) });

/** Null where Sony writes `null` (an account not enrolled answers with nulls almost everywhere), absent stays absent. */
const nullable = <T extends z.ZodType>(schema: T) => schema.nullish().transform((value) => value ?? null) as unknown as z.ZodNullable<T>;

export const starsAccountSchema = z.looseObject({
  /** `{id: null, assets: null}` for an account not enrolled. */
  collectibleScene: nullable(z.looseObject({ id: nullable(z.string()), assets: nullable(z.array(mediaSchema)) })),
  /** `null` for an account not enrolled. */
  collectibles: nullable(z.array(z.looseObject({ id: z.string(), isEmpty: z.boolean(), assets: nullable(z.array(mediaSchema)) }))),
  enrollStatus: z.looseObject({
    enrolledDateTime: nullable(z.string()),
    isUserEligibleToEnroll: nullable(z.boolean()),
    isUserEnrolled: nullable(z.boolean()),
    status: nullable(z.string()),
  }),
  /** Only for the caller's own account. */
  pointsBalance: nullable(z.looseObject({ displayTotalPointsBalance: z.string(), totalCampaignsCompleted: z.number(), totalPointsBalance: z.number() })),
  requiresTosAcceptance: nullable(z.boolean()),
  /** Every field `null` for an account not enrolled. */
  statusLevel: nullable(
    z.looseObject({
      currentStatusLevel: nullable(z.string()),
      expiryDate: nullable(z.string()),
      nextStatusProgress: nullable(z.number()),
      statusLevelNumber: nullable(z.number()),
      totalPurchaseEarned: nullable(z.number()),
      totalPurchaseNeeded: nullable(z.number()),
      totalTrophiesEarned: nullable(z.number()),
      totalTrophiesNeeded: nullable(z.number()),
    }),
  ),
});
export type StarsAccount = z.output<typeof starsAccountSchema>;

export const starsCollectibleSchema = z.looseObject({
  id: z.string(),
  name: nullable(z.string()),
  /** `COMMON` … `LEGENDARY`, `MYTHIC`. */
  rarity: nullable(z.string()),
  releaseDate: nullable(z.string()),
  /** When the account unlocked it: null until it does, and always null for another account (Sony tells only the owner). */
  unlockedDate: nullable(z.string()),
  assets: z
    .array(mediaSchema)
    .nullish()
    .transform((value) => value ?? []),
  descriptions: nullable(z.array(z.looseObject({ type: z.string(), value: nullable(z.string()) }))),
});
export type StarsCollectible = z.output<typeof starsCollectibleSchema> & {
  /**
   * When the account earned it, also for another account (`metLoyaltyGetOwnedCollectibleById`
   * only; undefined from the older operation): null when it was not earned.
   */
  earnedDate?: string | null;
  /** How it was earned: `CAMPAIGN`, `PURCHASE`, `STATUS_LEVEL`, `BIRTHDAY`, `PSN_ANNIVERSARY`…; null when not earned. */
  earnedBy?: string | null;
};

/** `referenceData` of the newer operation: every field null when the collectible was not earned. */
const collectibleReferenceSchema = z.looseObject({ earnedDate: nullable(z.string()), referenceType: nullable(z.string()) });

export const recentlyPlayedGameSchema = z.looseObject({
  conceptId: nullable(z.string()),
  entitlementId: nullable(z.string()),
  image: nullable(mediaSchema),
  isActive: nullable(z.boolean()),
  lastPlayedDateTime: z.string(),
  name: z.string(),
  /** `PS4`, `PS5`, `PSPC`, or `UNKNOWN` (played by another user of the same console). */
  platform: z.string(),
  productId: nullable(z.string()),
  subscriptionService: nullable(z.string()),
  titleId: z.string(),
});
export type RecentlyPlayedGame = z.output<typeof recentlyPlayedGameSchema>;

export const purchasedGameSchema = z.looseObject({
  conceptId: nullable(z.string()),
  entitlementId: nullable(z.string()),
  image: nullable(mediaSchema),
  isActive: nullable(z.boolean()),
  isDownloadable: nullable(z.boolean()),
  isPreOrder: nullable(z.boolean()),
  membership: nullable(z.string()),
  name: z.string(),
  platform: z.string(),
  productId: nullable(z.string()),
  titleId: z.string(),
});
export type PurchasedGame = z.output<typeof purchasedGameSchema>;

const starsAccountData = z.looseObject({ loyaltyAccountRetrieve: starsAccountSchema });
const starsCollectibleData = z.looseObject({ loyaltyUserCollectibleByIdRetrieve: starsCollectibleSchema });
const ownedStarsCollectibleData = z.looseObject({
  ownedLoyaltyCollectibleRetrieve: z.looseObject({
    /** The owner's own unlock time; null for another account. */
    unlockedDate: nullable(z.string()),
    collectible: starsCollectibleSchema.extend({ referenceData: nullable(collectibleReferenceSchema) }),
  }),
});
const recentlyPlayedData = z.looseObject({ gameLibraryTitlesRetrieve: z.looseObject({ games: z.array(recentlyPlayedGameSchema) }) });
const purchasedData = z.looseObject({ purchasedTitlesRetrieve: z.looseObject({ games: z.array(purchasedGameSchema) }) });

export interface GraphqlOperationOptions extends CallOptions {
  /** The persisted query's hash. @default the PlayStation App's hash (`defaultGraphqlHashes`) */
  hash?: string;
}

/** An account's PlayStation Stars summary: status level, points (own account only), collectibles. */
export async function getStarsAccount(api: Api, accountId = 'me', options: GraphqlOperationOptions = {}): Promise<StarsAccount> {
  const data = await graphqlQuery(api, 'metGetAccount', { accountId }, { ...options, schema: starsAccountData });
  return data.loyaltyAccountRetrieve;
}

/**
 * One PlayStation Stars collectible, with whether the account unlocked it (`metLoyaltyUserCollectibleById`,
 * the operation of 2022). Another account that is not enrolled in Stars or hides it answers a
 * `GraphqlError` ("Cannot return null for non-nullable field …").
 */
export async function getStarsCollectible(api: Api, collectibleId: string, accountId = 'me', options: GraphqlOperationOptions = {}): Promise<StarsCollectible> {
  const data = await graphqlQuery(api, 'metLoyaltyUserCollectibleById', { collectibleId, accountId }, { ...options, schema: starsCollectibleData });
  return data.loyaltyUserCollectibleByIdRetrieve;
}

/**
 * One PlayStation Stars collectible by the app's operation since ~September 2023
 * (`metLoyaltyGetOwnedCollectibleById`): as `getStarsCollectible`, plus when and how the account
 * earned it, which Sony tells about other accounts too. Refusals as `getStarsCollectible`.
 */
export async function getOwnedStarsCollectible(
  api: Api,
  collectibleId: string,
  accountId = 'me',
  options: GraphqlOperationOptions = {},
): Promise<StarsCollectible> {
  const data = await graphqlQuery(api, 'metLoyaltyGetOwnedCollectibleById', { collectibleId, accountId }, { ...options, schema: ownedStarsCollectibleData });
  const { collectible, unlockedDate } = data.ownedLoyaltyCollectibleRetrieve;
  const { referenceData, ...rest } = collectible;
  return { ...rest, unlockedDate, earnedDate: referenceData?.earnedDate ?? null, earnedBy: referenceData?.referenceType ?? null };
}

export interface RecentlyPlayedOptions extends GraphqlOperationOptions {
  /** @default 50 */
  limit?: number;
  /** @default ['ps4_game', 'ps5_native_game'] */
  categories?: readonly GameCategory[];
}

/** The caller's recently played games, most recent first (web host; one request). */
export async function getRecentlyPlayed(api: Api, options: RecentlyPlayedOptions = {}): Promise<RecentlyPlayedGame[]> {
  const variables = { limit: options.limit ?? 50, categories: (options.categories ?? ['ps4_game', 'ps5_native_game']).join(',') };
  const data = await graphqlQuery(api, 'getUserGameList', variables, {
    ...options,
    host: 'web',
    schema: recentlyPlayedData,
    items: [['gameLibraryTitlesRetrieve', 'games']],
  });
  return data.gameLibraryTitlesRetrieve.games;
}

export interface PurchasedGamesOptions extends GraphqlOperationOptions {
  /** @default ['ps4', 'ps5'] */
  platform?: readonly ('ps4' | 'ps5')[];
  /** Games a page. @default 24 */
  size?: number;
  /** Offset of the first game. @default 0 */
  start?: number;
  /** @default 'ACTIVE_DATE' */
  sortBy?: 'ACTIVE_DATE';
  /** @default 'desc' */
  sortDirection?: 'asc' | 'desc';
  /** @default true */
  isActive?: boolean;
}

/** One page of the caller's purchased games (web host). */
export async function getPurchasedGames(api: Api, options: PurchasedGamesOptions = {}): Promise<PurchasedGame[]> {
  const variables = {
    isActive: options.isActive ?? true,
    platform: options.platform ?? ['ps4', 'ps5'],
    size: options.size ?? 24,
    start: options.start ?? 0,
    sortBy: options.sortBy ?? 'ACTIVE_DATE',
    sortDirection: options.sortDirection ?? 'desc',
  };
  const data = await graphqlQuery(api, 'getPurchasedGameList', variables, {
    ...options,
    host: 'web',
    schema: purchasedData,
    items: [['purchasedTitlesRetrieve', 'games']],
  });
  return data.purchasedTitlesRetrieve.games;
}
