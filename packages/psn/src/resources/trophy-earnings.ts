/**
 * What an account earned in a title: per group (`users/{id}/…/trophyGroups`) and per trophy
 * (`users/{id}/…/trophyGroups/{groupId|all}/trophies`, with rarity).
 * @module
 */
import { z } from 'zod';
import type { Api, CallOptions } from '../api.ts';
import { type Kit, dual, offsetSchema, toNumber, type trophyTypeSchema } from './shared-schemas.ts';
import { type TitleRef, resolveTitle } from './title-ref.ts';

export const userGroupsSchema = dual((k) =>
  z.object({
    trophySetVersion: k.str(''),
    hiddenFlag: k.bool(false),
    progress: z.number(),
    earnedTrophies: k.counts(),
    lastUpdatedDateTime: k.str(''),
    trophyGroups: z.array(
      z.object({
        trophyGroupId: z.string().min(1),
        progress: z.number(),
        earnedTrophies: k.counts(),
        /** Absent for a group without an earned trophy. */
        lastUpdatedDateTime: k.opt(z.string()),
      }),
    ),
  }),
);
export type UserGroups = z.output<typeof userGroupsSchema.fast>;

/** Sony's `trophyRare` for an earned rate, with its bounds (5, 15, 50 %): for an answer that leaves it out. */
export function rareOf(rate: number): number {
  return rate <= 5 ? 0 : rate <= 15 ? 1 : rate <= 50 ? 2 : 3;
}

/** The fields of an earned trophy (the by-title-id answer's rarest trophy adds its texts). */
export const earnedTrophyFields = (k: Kit) => ({
  trophyId: z.number(),
  trophyHidden: k.bool(false),
  earned: z.boolean(),
  /** Absent when unearned, and for some offline Vita earns. */
  earnedDateTime: k.opt(z.string()),
  /** `""` when Sony leaves it out (the definitions carry it too). */
  trophyType: k.str('') as unknown as typeof trophyTypeSchema,
  /** 0 ultra rare, 1 very rare, 2 rare, 3 common; another value Sony may add comes as sent. Absent: derived from the rate. */
  trophyRare: k.opt(z.number()),
  /** Percent of players who earned it, as a number; 0 when Sony leaves it out. */
  trophyEarnedRate: k.numericOr(0),
  /** PS5 progress trophies: the current value. Sony may keep a value below the target once earned. */
  progress: k.opt(k.numeric()),
  progressRate: k.opt(z.number()),
  progressedDateTime: k.opt(z.string()),
});

const buildEarned = (k: Kit) => z.object(earnedTrophyFields(k));
export const earnedTrophySchema = dual(buildEarned, (t) => finishEarned([t])[0] as typeof t);
/** An earned trophy; `trophyRare` is filled from the rate when Sony left it out. */
export type EarnedTrophy = Omit<z.output<ReturnType<typeof buildEarned>>, 'trophyRare'> & { trophyRare: number };

/**
 * Finishes parsed earned trophies in place (the objects are the parser's own): numbers where Sony
 * writes strings, and `trophyRare` from the rate where Sony left it out.
 */
export function finishEarned<T extends { trophyRare?: number; trophyEarnedRate: number; progress?: number }>(trophies: T[]): Array<T & { trophyRare: number }> {
  for (const t of trophies) {
    t.trophyEarnedRate = toNumber(t.trophyEarnedRate);
    if (t.progress !== undefined) t.progress = toNumber(t.progress);
    t.trophyRare ??= rareOf(t.trophyEarnedRate);
  }
  return trophies as Array<T & { trophyRare: number }>;
}

const userTrophiesParsed = dual(
  (k) =>
    z.object({
      trophySetVersion: k.str(''),
      hasTrophyGroups: k.bool(false),
      lastUpdatedDateTime: k.str(''),
      trophies: z.array(buildEarned(k)),
      rarestTrophies: k.opt(z.array(buildEarned(k))),
      totalItemCount: k.opt(z.number()),
      nextOffset: offsetSchema,
      previousOffset: offsetSchema,
    }),
  (page) => {
    finishEarned(page.trophies);
    if (page.rarestTrophies) finishEarned(page.rarestTrophies);
    return page;
  },
);
export const userTrophiesSchema = userTrophiesParsed;
export type UserTrophies = Omit<z.output<typeof userTrophiesParsed.fast>, 'trophies' | 'rarestTrophies'> & {
  trophies: EarnedTrophy[];
  rarestTrophies?: EarnedTrophy[];
};

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
export async function getUserTrophies(api: Api, title: TitleRef, groupId = 'all', options: AccountOptions = {}): Promise<UserTrophies> {
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
  }) as Promise<UserTrophies>;
}
