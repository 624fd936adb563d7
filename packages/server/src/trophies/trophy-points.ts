/**
 * Sony's trophy points and level, written once: the points of each type, a player's level from
 * their points (the PS5-era system, levels 1–999: points per level rise in bands of 100 levels;
 * the tier is the band), and the same points as SQL for the library's sorted pages and ready
 * JSON. A title's progress is the PSN client's rule (`progressOf` of `@trophyroom/psn`). Computed
 * from earned counts, so the stats page needs no request to Sony.
 * @module
 */
import type { TrophyCounts } from './trophy-counts.ts';

export { progressOf } from '@trophyroom/psn';

export const POINTS: Readonly<TrophyCounts> = { bronze: 15, silver: 30, gold: 90, platinum: 300 };

const POINTS_PER_LEVEL = [60, 90, 450, 900, 1350, 1800, 2250, 2700, 3150, 3600];
const stepAt = (level: number) => POINTS_PER_LEVEL[Math.min(9, Math.floor(level / 100))] as number;

export function pointsOf(c: TrophyCounts): number {
  return c.bronze * POINTS.bronze + c.silver * POINTS.silver + c.gold * POINTS.gold + c.platinum * POINTS.platinum;
}

/** The points as SQL over a row's `<prefix>_bronze` … `<prefix>_platinum` columns (`earned_bronze * 15 + …`). */
export function pointsSql(prefix: 'earned' | 'defined'): string {
  return (Object.keys(POINTS) as Array<keyof TrophyCounts>).map((type) => `${prefix}_${type} * ${POINTS[type]}`).join(' + ');
}

/** Level, progress (percent) to the next one, and tier (1 for levels 1–99 … 10 for 900–999). */
export function levelFor(points: number): { level: number; progress: number; tier: number; nextLevelAt: number } {
  let level = 1;
  let floor = 0;
  while (level < 999 && floor + stepAt(level) <= points) {
    floor += stepAt(level);
    level++;
  }
  const next = level < 999 ? floor + stepAt(level) : floor;
  return {
    level,
    progress: next === floor ? 100 : Math.floor(((points - floor) * 100) / (next - floor)),
    tier: Math.min(10, Math.floor(level / 100) + 1),
    nextLevelAt: next,
  };
}
