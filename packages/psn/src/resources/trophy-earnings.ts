/**
 * What an account earned in a title: per group (`users/{id}/…/trophyGroups`) and per trophy
 * (`users/{id}/…/trophyGroups/{groupId|all}/trophies`, with rarity).
 * @module
 */
import { z } from 'zod';
import type { Api, CallOptions } from '../api.ts';
import { booleanOr, numericStringSchema, optional, paginationSchema, stringOr, trophyCountsSchema, trophyTypeSchema } from './shared-schemas.ts';
import { type TitleRef, resolveTitle } from './title-ref.ts';

export const userGroupsSchema = z.looseObject({
  trophySetVersion: stringOr(''),
  hiddenFlag: booleanOr(false),
  progress: z.number(),
  earnedTrophies: trophyCountsSchema,
  lastUpdatedDateTime: stringOr(''),
  trophyGroups: z.array(
    z.looseObject({
      trophyGroupId: z.string().min(1),
      progress: z.number(),
      earnedTrophies: trophyCountsSchema,
      /** Absent for a group without an earned trophy. */
      lastUpdatedDateTime: optional(z.string()),
    }),
  ),
});
export type UserGroups = z.output<typeof userGroupsSchema>;

/** Sony's `trophyRare` for an earned rate, with its bounds (5, 15, 50 %): for an answer that leaves it out. */
export function rareOf(rate: number): number {
  return rate <= 5 ? 0 : rate <= 15 ? 1 : rate <= 50 ? 2 : 3;
}

export const earnedTrophyFields = {
  trophyId: z.number(),
  trophyHidden: booleanOr(false),
  earned: z.boolean(),
  /** Absent when unearned, and for some offline Vita earns. */
  earnedDateTime: optional(z.string()),
  /** `""` when Sony leaves it out (the definitions carry it too). */
  trophyType: trophyTypeSchema.nullish().transform((value) => value ?? '') as unknown as typeof trophyTypeSchema,
  /** 0 ultra rare, 1 very rare, 2 rare, 3 common; another value Sony may add comes as sent. Absent: derived from the rate. */
  trophyRare: z.number().nullish(),
  /** Percent of players who earned it, as a number; 0 when Sony leaves it out. */
  trophyEarnedRate: numericStringSchema.nullish().transform((value) => value ?? 0),
  /** PS5 progress trophies: the current value. Sony may keep a value below the target once earned. */
  progress: optional(numericStringSchema),
  progressRate: optional(z.number()),
  progressedDateTime: optional(z.string()),
};

/** Fills `trophyRare` from the rate when Sony left it out (in place: the object is the parser's own). */
function withRare<T extends { trophyRare?: number | null; trophyEarnedRate: number }>(trophy: T): T & { trophyRare: number } {
  trophy.trophyRare ??= rareOf(trophy.trophyEarnedRate);
  return trophy as T & { trophyRare: number };
}

export const earnedTrophySchema = z.looseObject(earnedTrophyFields).transform(withRare);
export type EarnedTrophy = z.output<typeof earnedTrophySchema>;

export const userTrophiesSchema = z.looseObject({
  trophySetVersion: stringOr(''),
  hasTrophyGroups: booleanOr(false),
  lastUpdatedDateTime: stringOr(''),
  trophies: z.array(earnedTrophySchema),
  rarestTrophies: optional(z.array(earnedTrophySchema)),
  ...paginationSchema,
});
export type UserTrophies = z.output<typeof userTrophiesSchema>;

const GROUP_ITEMS = [['trophyGroups']] as const;
const TROPHY_ITEMS = [['trophies'], ['rarestTrophies']] as const;

export interface AccountOptions extends CallOptions {
  /** `me` or a 19-digit account id. @default 'me' */
  accountId?: string;
}

/** The account's progress and earned counts per group of a title. */
export function getUserGroups(api: Api, title: TitleRef, options: AccountOptions = {}): Promise<UserGroups> {
  const t = resolveTitle(title);
  return api.call({
    endpoint: 'trophy.userGroups',
    host: 'trophy',
    path: `/users/${encodeURIComponent(options.accountId ?? 'me')}/npCommunicationIds/${t.path}/trophyGroups`,
    query: { npServiceName: t.npServiceName },
    schema: userGroupsSchema,
    items: GROUP_ITEMS,
    notFoundHint: t.hint,
    signal: options.signal,
    language: options.language,
  });
}

/** The account's earned state of every trophy of one group, or of `all` groups in one request. */
export function getUserTrophies(api: Api, title: TitleRef, groupId = 'all', options: AccountOptions = {}): Promise<UserTrophies> {
  const t = resolveTitle(title);
  return api.call({
    endpoint: 'trophy.userTrophies',
    host: 'trophy',
    path: `/users/${encodeURIComponent(options.accountId ?? 'me')}/npCommunicationIds/${t.path}/trophyGroups/${encodeURIComponent(groupId)}/trophies`,
    query: { npServiceName: t.npServiceName },
    schema: userTrophiesSchema,
    items: TROPHY_ITEMS,
    notFoundHint: t.hint,
    signal: options.signal,
    language: options.language,
  });
}
