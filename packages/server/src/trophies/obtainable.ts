/**
 * Completion "of obtainable": progress by Sony's rule (`progressOf`: points of bronze, silver and
 * gold, the platinum aside) over the trophies that can still be earned, so that trophies flagged
 * unobtainable never count against a game. Without flags it is Sony's own progress. Written once
 * in TypeScript and once as SQL (the library's filters and ready game JSON).
 * @module
 */
import { POINTS } from './trophy-points.ts';
import type { TrophyCounts } from './trophy-counts.ts';

const progressPoints = (c: TrophyCounts) => c.bronze * POINTS.bronze + c.silver * POINTS.silver + c.gold * POINTS.gold;

/** Percent (0–100) of the obtainable points earned; `unobtainablePoints` are the points of flagged trophies not earned. */
export function obtainableProgress(progress: number, defined: TrophyCounts, earned: TrophyCounts, unobtainablePoints: number): number {
  if (unobtainablePoints <= 0) return progress;
  const obtainable = progressPoints(defined) - unobtainablePoints;
  if (obtainable <= 0) return 100;
  return Math.min(100, Math.floor((progressPoints(earned) * 100) / obtainable));
}

const pointsOfColumns = (prefix: 'earned' | 'defined') =>
  `(${prefix}_bronze * ${POINTS.bronze} + ${prefix}_silver * ${POINTS.silver} + ${prefix}_gold * ${POINTS.gold})`;

/** The same over a `user_titles` row, as SQL text (integer arithmetic in both dialects). */
export const obtainableProgressSql = `(case when unobtainable_points <= 0 then progress
  when ${pointsOfColumns('defined')} - unobtainable_points <= 0 then 100
  when ${pointsOfColumns('earned')} * 100 / (${pointsOfColumns('defined')} - unobtainable_points) > 100 then 100
  else ${pointsOfColumns('earned')} * 100 / (${pointsOfColumns('defined')} - unobtainable_points) end)`;
