/**
 * Sony's arithmetic over trophies: points, points-weighted progress, trophy levels and tiers,
 * and rarity tiers.
 * @module
 */

export type TrophyType = 'bronze' | 'silver' | 'gold' | 'platinum';
export const trophyTypes: readonly TrophyType[] = ['bronze', 'silver', 'gold', 'platinum'];

export interface TrophyCounts {
  bronze: number;
  silver: number;
  gold: number;
  platinum: number;
}

export function emptyCounts(): TrophyCounts {
  return { bronze: 0, silver: 0, gold: 0, platinum: 0 };
}

/** Points per trophy type, as the trophy level counts them. */
export const trophyPoints: Record<TrophyType, number> = { bronze: 15, silver: 30, gold: 90, platinum: 300 };

/**
 * Title or group progress: earned points over defined points, platinum left out of both, rounded
 * down. Reproduces every recorded example of seed 002 (Fall Guys 91, Project CARS 3 44, Crash 68).
 */
export function progressOf(defined: TrophyCounts, earned: TrophyCounts): number {
  const total = defined.bronze * 15 + defined.silver * 30 + defined.gold * 90;
  if (total === 0) return defined.platinum > 0 && earned.platinum > 0 ? 100 : 0;
  const got = earned.bronze * 15 + earned.silver * 30 + earned.gold * 90;
  return Math.floor((got * 100) / total);
}

/** Total trophy points of a set of earned counts. */
export function pointsOf(counts: TrophyCounts): number {
  return counts.bronze * 15 + counts.silver * 30 + counts.gold * 90 + counts.platinum * 300;
}

// Points needed per level in each band of 100 levels (the PS5-era system, levels 1 to 999).
const pointsPerLevelByBand = [60, 90, 450, 900, 1350, 1800, 2250, 2700, 3150, 3600];

/** Points at which a level starts (level 1 starts at 0). */
export function levelStartPoints(level: number): number {
  let points = 0;
  for (let l = 1; l < level; l++) points += pointsPerLevelByBand[Math.min(9, Math.floor(l / 100))] as number;
  return points;
}

export interface LevelInfo {
  trophyLevel: number;
  trophyLevelBasePoint: number;
  trophyLevelNextPoint: number;
  progress: number;
  tier: number;
}

/** Level, the points band it sits in, progress to the next level, and tier (1 for 1–99 … 10 for 900–999). */
export function levelOf(points: number): LevelInfo {
  let level = 1;
  let base = 0;
  while (level < 999) {
    const step = pointsPerLevelByBand[Math.min(9, Math.floor(level / 100))] as number;
    if (base + step > points) break;
    base += step;
    level += 1;
  }
  const next = level < 999 ? base + (pointsPerLevelByBand[Math.min(9, Math.floor(level / 100))] as number) : base;
  return {
    trophyLevel: level,
    trophyLevelBasePoint: base,
    trophyLevelNextPoint: next,
    progress: next === base ? 100 : Math.floor(((points - base) * 100) / (next - base)),
    tier: Math.min(10, Math.floor(level / 100) + 1),
  };
}

/** Sony's rarity tier from an earned rate in percent: 0 ultra rare (≤ 5), 1 very rare (≤ 15), 2 rare (≤ 50), 3 common. */
export function rarityOf(earnedRatePercent: number): 0 | 1 | 2 | 3 {
  if (earnedRatePercent <= 5) return 0;
  if (earnedRatePercent <= 15) return 1;
  if (earnedRatePercent <= 50) return 2;
  return 3;
}
