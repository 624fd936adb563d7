/**
 * One call for what every psn-api user writes by hand: a title's groups and trophies with their
 * definitions and the account's earned state joined by `trophyId` (never by position), rarity
 * as a number and a tier, progress trophies, hidden trophies flagged, and per-group progress
 * derived from the earned trophies (the rule of `trophy-groups.ts`). Two or three requests.
 * @module
 */
import type { Api } from '../api.ts';
import type { NpServiceName, TrophyCounts, TrophyType } from './shared-schemas.ts';
import { type TitleRef, resolveTitle } from './title-ref.ts';
import { groupTrophies, progressOf, sumCounts } from './trophy-groups.ts';
import { getTitleGroups, getTitleTrophies } from './trophy-definitions.ts';
import { type AccountOptions, getUserTrophies } from './trophy-earnings.ts';
import type { TrophyTitle } from './trophy-titles.ts';

export type RarityTier = 'ultraRare' | 'veryRare' | 'rare' | 'common';
const tiers: readonly RarityTier[] = ['ultraRare', 'veryRare', 'rare', 'common'];

/** Sony's tier (`trophyRare` 0–3); a value Sony may add, or none, is derived from the earned rate with Sony's bounds (5, 15, 50 %). */
export function rarityTier(trophyRare: number | undefined, rate: number): RarityTier {
  const known = trophyRare === undefined ? undefined : tiers[trophyRare];
  if (known) return known;
  return rate <= 5 ? 'ultraRare' : rate <= 15 ? 'veryRare' : rate <= 50 ? 'rare' : 'common';
}

export interface MergedTrophy {
  id: number;
  groupId: string;
  type: TrophyType;
  /** A secret trophy: hide its name and detail from players who have not earned it. */
  hidden: boolean;
  name: string;
  detail: string;
  iconUrl: string;
  earned: boolean;
  /** ISO date; absent when unearned or earned offline without a date (Vita). */
  earnedAt?: string;
  /** Percent of players who earned it, and Sony's tier for it. */
  rarity: { rate: number; tier: RarityTier };
  /** PS5 progress trophies. An earned one shows its target (Sony may keep a lower stored value once earned). */
  progress?: { value: number; target: number; percent: number; updatedAt?: string };
  reward?: { name: string; imageUrl?: string };
}

export interface MergedGroup {
  id: string;
  name: string;
  detail?: string;
  iconUrl: string;
  definedTrophies: TrophyCounts;
  earnedTrophies: TrophyCounts;
  /** Points-weighted, platinum excluded, as Sony computes it. */
  progress: number;
  trophies: MergedTrophy[];
}

export interface MergedTitle {
  npCommunicationId: string;
  npServiceName: NpServiceName;
  trophySetVersion: string;
  name: string;
  detail?: string;
  iconUrl: string;
  platforms: string[];
  hasTrophyGroups: boolean;
  definedTrophies: TrophyCounts;
  earnedTrophies: TrophyCounts;
  progress: number;
  hasPlatinum: boolean;
  earnedPlatinum: boolean;
  lastUpdatedDateTime: string;
  groups: MergedGroup[];
}

const empty = (): TrophyCounts => ({ bronze: 0, silver: 0, gold: 0, platinum: 0 });

export interface MergedTitleOptions extends AccountOptions {
  /** The title's entry from the title list: saves the groups request when it has no DLC groups. */
  listed?: TrophyTitle;
}

/** A title with every group and trophy, definitions joined with the account's earned state. */
export async function getMergedTitle(api: Api, title: TitleRef, options: MergedTitleOptions = {}): Promise<MergedTitle> {
  const ref = options.listed ?? title;
  const t = resolveTitle(ref);
  const call = { signal: options.signal, language: options.language };
  const needGroups = !options.listed || options.listed.hasTrophyGroups;
  const [groups, definitions, earned] = await Promise.all([
    needGroups ? getTitleGroups(api, ref, call) : undefined,
    getTitleTrophies(api, ref, 'all', call),
    getUserTrophies(api, ref, 'all', { ...call, accountId: options.accountId }),
  ]);
  const earnedById = new Map(earned.trophies.map((e) => [e.trophyId, e]));
  const listed = options.listed;
  const groupDefs = groups?.trophyGroups ?? [
    {
      trophyGroupId: 'default',
      trophyGroupName: listed?.trophyTitleName ?? t.npCommunicationId,
      trophyGroupDetail: listed?.trophyTitleDetail,
      trophyGroupIconUrl: listed?.trophyTitleIconUrl ?? '',
      definedTrophies: listed?.definedTrophies ?? empty(),
    },
  ];
  const trophies = definitions.trophies.map((d): MergedTrophy => {
    const e = earnedById.get(d.trophyId);
    const trophy: MergedTrophy = {
      id: d.trophyId,
      groupId: d.trophyGroupId,
      type: d.trophyType,
      hidden: d.trophyHidden,
      name: d.trophyName,
      detail: d.trophyDetail,
      iconUrl: d.trophyIconUrl,
      earned: e?.earned ?? false,
      ...(e?.earnedDateTime ? { earnedAt: e.earnedDateTime } : {}),
      rarity: { rate: e?.trophyEarnedRate ?? 0, tier: e ? rarityTier(e.trophyRare, e.trophyEarnedRate) : 'common' },
    };
    if (d.trophyProgressTargetValue !== undefined) {
      const target = d.trophyProgressTargetValue;
      const value = trophy.earned ? target : (e?.progress ?? 0);
      trophy.progress = {
        value,
        target,
        percent: trophy.earned ? 100 : Math.min(100, e?.progressRate ?? (target > 0 ? Math.floor((value * 100) / target) : 0)),
        ...(e?.progressedDateTime ? { updatedAt: e.progressedDateTime } : {}),
      };
    }
    if (d.trophyRewardName) trophy.reward = { name: d.trophyRewardName, ...(d.trophyRewardImageUrl ? { imageUrl: d.trophyRewardImageUrl } : {}) };
    return trophy;
  });
  const heads = groupDefs.map((g) => ({
    id: g.trophyGroupId,
    name: g.trophyGroupName,
    ...(g.trophyGroupDetail ? { detail: g.trophyGroupDetail } : {}),
    iconUrl: g.trophyGroupIconUrl,
  }));
  const grouped = groupTrophies(heads, trophies, (id) => ({ id, name: id, iconUrl: '' }));
  const merged: MergedGroup[] = grouped.map(({ defined, earned: got, detail, ...group }) => ({
    ...group,
    ...(detail ? { detail } : {}),
    definedTrophies: defined,
    earnedTrophies: got,
  }));
  const { defined, earned: got } = sumCounts(grouped);
  const detail = groups?.trophyTitleDetail ?? listed?.trophyTitleDetail;
  return {
    npCommunicationId: t.npCommunicationId,
    npServiceName: t.npServiceName,
    trophySetVersion: definitions.trophySetVersion,
    name: groups?.trophyTitleName ?? listed?.trophyTitleName ?? t.npCommunicationId,
    ...(detail ? { detail } : {}),
    iconUrl: groups?.trophyTitleIconUrl ?? listed?.trophyTitleIconUrl ?? '',
    platforms: (groups?.trophyTitlePlatform ?? listed?.trophyTitlePlatform ?? '').split(',').filter(Boolean),
    hasTrophyGroups: definitions.hasTrophyGroups,
    definedTrophies: defined,
    earnedTrophies: got,
    progress: progressOf(defined, got),
    hasPlatinum: defined.platinum > 0,
    earnedPlatinum: got.platinum > 0,
    lastUpdatedDateTime: earned.lastUpdatedDateTime,
    groups: merged,
  };
}
