/**
 * What `export` writes for each title: the title-list entry and every trophy, with the
 * definition, the account's earned state (joined by trophy id) and rarity.
 * @module
 */
import type { MergedTitle, NpServiceName, TrophyTitle, TrophyType } from '@trophyroom/psn';

export interface ExportedTrophy {
  id: number;
  groupId: string;
  /** bronze, silver, gold, platinum (a type Sony may add comes as sent). */
  type: TrophyType;
  name: string;
  detail: string;
  hidden: boolean;
  earned: boolean;
  /** ISO date, or null when unearned or earned offline without a date. */
  earnedAt: string | null;
  /** Percent of players who earned it. */
  earnedRate: number;
  /** Sony's rarity tier: ultraRare, veryRare, rare, common. */
  rarity: string;
  /** PS5 progress trophies: value of target. */
  progress?: { value: number; target: number };
}

export interface ExportedTitle {
  npCommunicationId: string;
  npServiceName: NpServiceName;
  trophySetVersion: string;
  name: string;
  platform: string;
  progress: number;
  definedTrophies: TrophyTitle['definedTrophies'];
  earnedTrophies: TrophyTitle['earnedTrophies'];
  lastUpdatedDateTime: string;
  hiddenFlag: boolean;
  groups: Array<{ id: string; name: string }>;
  trophies: ExportedTrophy[];
}

export function toExportedTitle(listed: TrophyTitle, merged: MergedTitle): ExportedTitle {
  return {
    npCommunicationId: listed.npCommunicationId,
    npServiceName: listed.npServiceName,
    trophySetVersion: listed.trophySetVersion,
    name: listed.trophyTitleName,
    platform: listed.trophyTitlePlatform,
    progress: listed.progress,
    definedTrophies: listed.definedTrophies,
    earnedTrophies: listed.earnedTrophies,
    lastUpdatedDateTime: listed.lastUpdatedDateTime,
    hiddenFlag: listed.hiddenFlag,
    groups: merged.groups.map((g) => ({ id: g.id, name: g.name })),
    trophies: merged.groups
      .flatMap((g) => g.trophies)
      .sort((a, b) => a.id - b.id)
      .map((t) => ({
        id: t.id,
        groupId: t.groupId,
        type: t.type,
        name: t.name,
        detail: t.detail,
        hidden: t.hidden,
        earned: t.earned,
        earnedAt: t.earnedAt ?? null,
        earnedRate: t.rarity.rate,
        rarity: t.rarity.tier,
        ...(t.progress ? { progress: { value: t.progress.value, target: t.progress.target } } : {}),
      })),
  };
}
