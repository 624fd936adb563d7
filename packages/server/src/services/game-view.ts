/**
 * A game of the library as the API shows it: the title (the shape the store's ready game JSON
 * has too), and its groups with their trophies — the instance's definitions merged with the
 * user's earned state by the PSN client's rule (`groupTrophies`), hidden ones masked until earned unless revealed, rarity in the one
 * vocabulary (`trophies/rarity.ts`), points and progress by the one rule (`trophies/trophy-points.ts`).
 * @module
 */
import type { TitleGroupsTable, UserTitle } from '../db/schema.ts';
import type { TrophyRow } from '../repositories/library.repository.ts';
import { type RarityTier, tierOf } from '../trophies/rarity.ts';
import { groupTrophies } from '@trophyroom/psn';
import { countsOf, type TrophyCounts, type TrophyType } from '../trophies/trophy-counts.ts';
import { pointsOf } from '../trophies/trophy-points.ts';

export interface GameView {
  npCommunicationId: string;
  name: string;
  iconUrl: string;
  platforms: string[];
  progress: number;
  earned: TrophyCounts;
  defined: TrophyCounts;
  points: { earned: number; total: number };
  hasPlatinum: boolean;
  platinumEarned: boolean;
  lastPlayedAt: string | null;
  lastUpdatedAt: string;
  playSeconds: number | null;
  syncedAt: string | null;
  /** When PSN's title list stopped listing it (kept as it was). */
  goneFromPsnAt: string | null;
  /** When PSN's earned counts for it dropped (the earned trophies are kept). */
  countsDroppedAt: string | null;
}

export interface TrophyView {
  id: number;
  type: TrophyType;
  name: string;
  detail: string;
  iconUrl: string | null;
  hidden: boolean;
  /** Hidden, not earned and not revealed: name, detail and icon withheld. */
  masked: boolean;
  earned: boolean;
  earnedAt: string | null;
  progress: number | null;
  progressTarget: number | null;
  rarity: number | null;
  tier: RarityTier | null;
  reward: { name: string; imageUrl: string | null } | null;
  /** When PSN stopped reporting it earned (it stays earned here). */
  withdrawnAt: string | null;
}

export interface GroupView {
  id: string;
  name: string;
  detail: string | null;
  iconUrl: string;
  progress: number;
  earned: TrophyCounts;
  defined: TrophyCounts;
  trophies: TrophyView[];
}

export function gameView(t: UserTitle): GameView {
  const earned = countsOf(t, 'earned');
  const defined = countsOf(t, 'defined');
  return {
    npCommunicationId: t.np_communication_id,
    name: t.name,
    iconUrl: t.icon_url,
    platforms: t.platform.split(','),
    progress: t.progress,
    earned,
    defined,
    points: { earned: pointsOf(earned), total: pointsOf(defined) },
    hasPlatinum: defined.platinum > 0,
    platinumEarned: earned.platinum > 0,
    lastPlayedAt: t.last_played_at,
    lastUpdatedAt: t.last_updated_at,
    playSeconds: t.play_seconds,
    syncedAt: t.earned_synced_at,
    goneFromPsnAt: t.psn_gone_at,
    countsDroppedAt: t.psn_counts_dropped_at,
  };
}

/** One stored trophy as the API shows it: hidden ones masked until earned unless revealed. */
function trophyView(t: TrophyRow, reveal: boolean): TrophyView & { groupId: string } {
  const earned = t.earned === 1;
  const masked = t.hidden === 1 && !earned && !reveal;
  return {
    groupId: t.group_id,
    id: t.trophy_id,
    type: t.type as TrophyType,
    name: masked ? 'Hidden trophy' : t.name,
    detail: masked ? '' : t.detail,
    iconUrl: masked ? null : t.icon_url,
    hidden: t.hidden === 1,
    masked,
    earned,
    earnedAt: t.earned_at ?? null,
    progress: t.progress ?? null,
    progressTarget: t.progress_target,
    rarity: t.earned_rate ?? null,
    tier: tierOf(t.rarity),
    reward: t.reward_name && !masked ? { name: t.reward_name, imageUrl: t.reward_image_url } : null,
    withdrawnAt: t.psn_withdrawn_at ?? null,
  };
}

/** A title's groups, each with its trophies: definitions merged with the user's earned state by the client's rule (`groupTrophies`). */
export function groupViews(
  title: Pick<UserTitle, 'name' | 'icon_url'>,
  groups: readonly TitleGroupsTable[],
  trophies: readonly TrophyRow[],
  options: { reveal: boolean },
): GroupView[] {
  const heads = groups.map((g) => ({ id: g.group_id, name: g.name, detail: g.detail, iconUrl: g.icon_url }));
  const views = trophies.map((t) => trophyView(t, options.reveal));
  // Definitions without their group row (not expected from Sony) are shown under the title, not dropped.
  const grouped = groupTrophies(heads, views, (id) => ({ id, name: title.name, detail: null, iconUrl: title.icon_url }));
  return grouped.map((g) => ({
    id: g.id,
    name: g.name,
    detail: g.detail ?? null,
    iconUrl: g.iconUrl,
    progress: g.progress,
    earned: g.earned,
    defined: g.defined,
    trophies: g.trophies.map(({ groupId: _, ...trophy }) => trophy),
  }));
}
