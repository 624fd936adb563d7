/**
 * The merge rule, written once: trophies joined to their groups (base game and each DLC), each
 * group's defined and earned counts taken from its trophies, and Sony's progress per group. The
 * client's `getMergedTitle` applies it to Sony's answers; the Trophyroom server applies it to the
 * definitions and earned state it stores, so both show a game the same way.
 * @module
 */
import { isCountedType, type TrophyCounts } from './shared-schemas.ts';

/** What a group is called and shows, from Sony's group definitions. */
export interface TrophyGroupHead {
  id: string;
  name: string;
  detail?: string | null;
  iconUrl: string;
}

/** The least a trophy needs to be grouped and counted. */
export interface GroupableTrophy {
  id: number;
  groupId: string;
  type: string;
  earned: boolean;
}

export interface TrophyGroupOf<T> extends TrophyGroupHead {
  defined: TrophyCounts;
  earned: TrophyCounts;
  /** Points-weighted, platinum excluded, as Sony computes it. */
  progress: number;
  trophies: T[];
}

const empty = (): TrophyCounts => ({ bronze: 0, silver: 0, gold: 0, platinum: 0 });

/** Sony's progress: earned points over defined points, platinum excluded, rounded down. */
export function progressOf(defined: TrophyCounts, earned: TrophyCounts): number {
  const total = defined.bronze * 15 + defined.silver * 30 + defined.gold * 90;
  if (total === 0) return defined.platinum > 0 && earned.platinum > 0 ? 100 : 0;
  return Math.floor(((earned.bronze * 15 + earned.silver * 30 + earned.gold * 90) * 100) / total);
}

/**
 * Groups trophies under their heads: the base game (`default`) first, then each DLC in Sony's
 * order, trophies by id. A trophy whose group has no head still shows, under `orphanHead(groupId)`.
 * A trophy type Sony may add tomorrow is listed with its group but counted nowhere.
 */
export function groupTrophies<T extends GroupableTrophy>(
  heads: readonly TrophyGroupHead[],
  trophies: readonly T[],
  orphanHead: (groupId: string) => TrophyGroupHead,
): TrophyGroupOf<T>[] {
  const byId = new Map<string, TrophyGroupOf<T>>();
  const add = (head: TrophyGroupHead) => {
    const group: TrophyGroupOf<T> = { ...head, defined: empty(), earned: empty(), progress: 0, trophies: [] };
    byId.set(head.id, group);
    return group;
  };
  for (const head of heads) add(head);
  for (const trophy of trophies) {
    const group = byId.get(trophy.groupId) ?? add(orphanHead(trophy.groupId));
    group.trophies.push(trophy);
    if (!isCountedType(trophy.type)) continue;
    group.defined[trophy.type] += 1;
    if (trophy.earned) group.earned[trophy.type] += 1;
  }
  const groups = [...byId.values()].sort((a, b) => (a.id === b.id ? 0 : a.id === 'default' ? -1 : b.id === 'default' ? 1 : a.id < b.id ? -1 : 1));
  for (const group of groups) {
    group.trophies.sort((a, b) => a.id - b.id);
    group.progress = progressOf(group.defined, group.earned);
  }
  return groups;
}

/** The counts of several groups added up (a title's totals). */
export function sumCounts(groups: ReadonlyArray<{ defined: TrophyCounts; earned: TrophyCounts }>): { defined: TrophyCounts; earned: TrophyCounts } {
  const defined = empty();
  const earned = empty();
  for (const g of groups)
    for (const type of ['bronze', 'silver', 'gold', 'platinum'] as const) {
      defined[type] += g.defined[type];
      earned[type] += g.earned[type];
    }
  return { defined, earned };
}
