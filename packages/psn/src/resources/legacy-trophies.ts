/**
 * The legacy regional trophy host of seed `002_*` (`{gb,us,de,jp}-tpy.np.community.playstation.net/
 * trophy/v1`): PS3, PS4 and Vita only, `npLanguage` instead of `Accept-Language`, per-user
 * `fromUser`/`comparedUser` objects, and paging by `totalResults`/`offset`/`limit` (128 at most).
 * Field names are kept as Sony spells them, `trophyTitlePlatfrom` included.
 * @module
 */
import { z } from 'zod';
import type { Api, CallOptions } from '../api.ts';
import { Paginator } from '../pagination/paginator.ts';
import type { LegacyRegion } from '../transport/hosts.ts';
import { booleanOr, numericStringSchema, optional, stringOr, trophyCountsSchema, trophyTypeSchema } from './shared-schemas.ts';
import { resolveTitle } from './title-ref.ts';

export const LEGACY_TITLES_MAX_LIMIT = 128;

export type LegacyPlatform = 'PS4' | 'PS3' | 'PSVITA';

/** One user's summary of a title or group. */
export const legacyUserSummarySchema = z.looseObject({
  onlineId: z.string(),
  progress: z.number(),
  earnedTrophies: trophyCountsSchema,
  /** `fromUser` only. */
  hiddenFlag: optional(z.boolean()),
  lastUpdateDate: stringOr(''),
});
export type LegacyUserSummary = z.output<typeof legacyUserSummarySchema>;

export const legacyTitleSchema = z.looseObject({
  npCommunicationId: z.string().min(1),
  trophyTitleName: z.string(),
  trophyTitleDetail: stringOr(''),
  trophyTitleIconUrl: stringOr(''),
  /** Sony's spelling. A comma list such as `PS4` or `PS4,PSVITA`. */
  trophyTitlePlatfrom: stringOr(''),
  hasTrophyGroups: booleanOr(false),
  definedTrophies: trophyCountsSchema,
  /** The signed-in account's summary, when it has the title. */
  fromUser: legacyUserSummarySchema.optional(),
  /** The `comparedUser`'s summary, when asked for and they have the title. */
  comparedUser: legacyUserSummarySchema.optional(),
});
export type LegacyTitle = z.output<typeof legacyTitleSchema>;

export const legacyTitlesSchema = z.looseObject({
  totalResults: z.number(),
  /** The offset asked for. */
  offset: z.number(),
  /** The number of titles returned. */
  limit: z.number(),
  trophyTitles: z.array(legacyTitleSchema),
});
export type LegacyTitlesPage = z.output<typeof legacyTitlesSchema>;

export const legacyGroupsSchema = z.looseObject({
  trophyTitleName: stringOr(''),
  trophyTitleDetail: stringOr(''),
  trophyTitleIconUrl: stringOr(''),
  trophyTitlePlatfrom: stringOr(''),
  definedTrophies: trophyCountsSchema,
  trophyGroups: z.array(
    z.looseObject({
      trophyGroupId: z.string().min(1),
      trophyGroupName: stringOr(''),
      trophyGroupDetail: stringOr(''),
      trophyGroupIconUrl: stringOr(''),
      definedTrophies: trophyCountsSchema,
      fromUser: legacyUserSummarySchema.optional(),
      comparedUser: legacyUserSummarySchema.optional(),
    }),
  ),
});
export type LegacyGroups = z.output<typeof legacyGroupsSchema>;

/** One user's state of a trophy; `earnedDate` is absent when unearned, and for some offline Vita earns. */
export const legacyTrophyEarnedSchema = z.looseObject({ onlineId: stringOr(''), earned: z.boolean(), earnedDate: optional(z.string()) });

export const legacyTrophySchema = z.looseObject({
  trophyId: z.number(),
  trophyHidden: booleanOr(false),
  // Present: the client asks with visibleType=1, which reveals secret trophies.
  trophyType: trophyTypeSchema,
  trophyName: stringOr(''),
  trophyDetail: stringOr(''),
  trophyIconUrl: stringOr(''),
  /** Percent of players who earned it (Sony's `"68.4"`), as a number; 0 when left out. */
  trophyEarnedRate: numericStringSchema.nullish().transform((value) => value ?? 0),
  fromUser: legacyTrophyEarnedSchema.optional(),
  comparedUser: legacyTrophyEarnedSchema.optional(),
});
export type LegacyTrophy = z.output<typeof legacyTrophySchema>;

export const legacyTrophiesSchema = z.looseObject({ trophies: z.array(legacyTrophySchema) });
export type LegacyTrophies = z.output<typeof legacyTrophiesSchema>;

export interface LegacyOptions extends CallOptions {
  /** Region of the legacy host for this call. @default the client's `legacyRegion` ('gb') */
  region?: LegacyRegion;
  /** Online id of another account to compare with (its summaries come as `comparedUser`). */
  comparedUser?: string;
}

export interface LegacyTitlesOptions extends LegacyOptions {
  /** @default ['PS4', 'PS3', 'PSVITA'] */
  platforms?: readonly LegacyPlatform[];
  /** 1–128. @default 128 */
  limit?: number;
  offset?: number;
}

/** A legacy title as an id or as a title from `getLegacyTitles`. */
export type LegacyTitleRef = string | { npCommunicationId: string };

function common(api: Api, options: LegacyOptions) {
  return {
    host: 'legacyTrophy' as const,
    // npLanguage is required by the host; the client's language is an Accept-Language such as de-DE.
    npLanguage: options.language ?? api.language ?? 'en-GB',
    hosts: options.region ? { legacyRegion: options.region } : undefined,
    signal: options.signal,
    language: options.language,
  };
}

function titlePath(title: LegacyTitleRef): string {
  return `/trophyTitles/${resolveTitle(typeof title === 'string' ? title : title.npCommunicationId).path}`;
}

/** One page of the signed-in account's PS3/PS4/Vita titles (and the compared user's), newest first. */
export function getLegacyTitles(api: Api, options: LegacyTitlesOptions = {}): Promise<LegacyTitlesPage> {
  const { npLanguage, ...call } = common(api, options);
  return api.call({
    ...call,
    endpoint: 'legacy.titles',
    path: '/trophyTitles',
    query: {
      npLanguage,
      platform: (options.platforms ?? ['PS4', 'PS3', 'PSVITA']).join(','),
      limit: options.limit ?? LEGACY_TITLES_MAX_LIMIT,
      offset: options.offset ?? 0,
      comparedUser: options.comparedUser,
    },
    schema: legacyTitlesSchema,
    items: [['trophyTitles']],
  });
}

/** Every legacy title, 128 a page: the next offset is `offset + limit` while below `totalResults`. */
export function iterateLegacyTitles(api: Api, options: Omit<LegacyTitlesOptions, 'offset' | 'limit'> = {}): Paginator<LegacyTitle> {
  return new Paginator(async (offset, signal) => {
    const page = await getLegacyTitles(api, { ...options, offset, signal });
    const next = page.offset + page.limit;
    return { items: page.trophyTitles, totalItemCount: page.totalResults, nextOffset: next < page.totalResults ? next : undefined };
  }, options);
}

/** A legacy title's groups, with the signed-in (and compared) user's progress per group. */
export async function getLegacyGroups(api: Api, title: LegacyTitleRef, options: LegacyOptions = {}): Promise<LegacyGroups> {
  const { npLanguage, ...call } = common(api, options);
  return api.call({
    ...call,
    endpoint: 'legacy.groups',
    path: `${titlePath(title)}/trophyGroups`,
    query: { npLanguage, comparedUser: options.comparedUser },
    schema: legacyGroupsSchema,
    items: [['trophyGroups']],
  });
}

/** A legacy group's trophies, secret ones revealed, with earned rates and per-user earned state. */
export async function getLegacyTrophies(api: Api, title: LegacyTitleRef, groupId = 'default', options: LegacyOptions = {}): Promise<LegacyTrophies> {
  const { npLanguage, ...call } = common(api, options);
  return api.call({
    ...call,
    endpoint: 'legacy.trophies',
    path: `${titlePath(title)}/trophyGroups/${encodeURIComponent(groupId)}/trophies`,
    query: { npLanguage, visibleType: 1, fields: '@default,trophyEarnedRate', comparedUser: options.comparedUser },
    schema: legacyTrophiesSchema,
    items: [['trophies']],
  });
}
