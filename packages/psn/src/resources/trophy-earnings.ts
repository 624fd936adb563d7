/**
 * What an account earned in a title: per group (`users/{id}/…/trophyGroups`) and per trophy
 * (`users/{id}/…/trophyGroups/{groupId|all}/trophies`, with rarity).
 * @module
 */
import { z } from 'zod';
import type { Api, CallOptions } from '../api.ts';
import { numericStringSchema, paginationSchema, trophyCountsSchema, trophyTypeSchema } from './shared-schemas.ts';
import { type TitleRef, resolveTitle } from './title-ref.ts';

export const userGroupsSchema = z.looseObject({
  trophySetVersion: z.string(),
  hiddenFlag: z.boolean(),
  progress: z.number(),
  earnedTrophies: trophyCountsSchema,
  lastUpdatedDateTime: z.string(),
  trophyGroups: z.array(
    z.looseObject({ trophyGroupId: z.string(), progress: z.number(), earnedTrophies: trophyCountsSchema, lastUpdatedDateTime: z.string().optional() }),
  ),
});
export type UserGroups = z.output<typeof userGroupsSchema>;

export const earnedTrophySchema = z.looseObject({
  trophyId: z.number(),
  trophyHidden: z.boolean(),
  earned: z.boolean(),
  /** Absent when unearned, and for some offline Vita earns. */
  earnedDateTime: z.string().optional(),
  trophyType: trophyTypeSchema,
  /** 0 ultra rare, 1 very rare, 2 rare, 3 common. */
  trophyRare: z.number().int().min(0).max(3),
  /** Percent of players who earned it, as a number. */
  trophyEarnedRate: numericStringSchema,
  /** PS5 progress trophies, while unearned: the current value. */
  progress: numericStringSchema.optional(),
  progressRate: z.number().optional(),
  progressedDateTime: z.string().optional(),
});
export type EarnedTrophy = z.output<typeof earnedTrophySchema>;

export const userTrophiesSchema = z.looseObject({
  trophySetVersion: z.string(),
  hasTrophyGroups: z.boolean(),
  lastUpdatedDateTime: z.string(),
  trophies: z.array(earnedTrophySchema),
  rarestTrophies: z.array(earnedTrophySchema).optional(),
  ...paginationSchema,
});
export type UserTrophies = z.output<typeof userTrophiesSchema>;

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
    path: `/users/${encodeURIComponent(options.accountId ?? 'me')}/npCommunicationIds/${t.npCommunicationId}/trophyGroups`,
    query: { npServiceName: t.npServiceName },
    schema: userGroupsSchema,
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
    path: `/users/${encodeURIComponent(options.accountId ?? 'me')}/npCommunicationIds/${t.npCommunicationId}/trophyGroups/${encodeURIComponent(groupId)}/trophies`,
    query: { npServiceName: t.npServiceName },
    schema: userTrophiesSchema,
    notFoundHint: t.hint,
    signal: options.signal,
    language: options.language,
  });
}
