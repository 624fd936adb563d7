/**
 * A trophy's rarity tier in one vocabulary: the PSN client's (`RarityTier` of `@trophyroom/psn`:
 * `ultraRare`, `veryRare`, `rare`, `common`), which the HTTP API (`@trophyroom/contract`), the web
 * UI and the CLI's export speak too. Sony sends the tier as a number (`trophyRare` 0–3).
 * @module
 */
import type { RarityTier } from '@trophyroom/psn';

export type { RarityTier };

/** By Sony's `trophyRare`: 0 ultra rare (≤ 5 % of players), 1 very rare (≤ 15 %), 2 rare (≤ 50 %), 3 common. */
export const RARITY_TIERS: readonly RarityTier[] = ['ultraRare', 'veryRare', 'rare', 'common'];

/** The tier of Sony's `trophyRare`, or null when the trophy has no earned state yet. */
export function tierOf(trophyRare: number | null | undefined): RarityTier | null {
  if (trophyRare === null || trophyRare === undefined) return null;
  return RARITY_TIERS[trophyRare] ?? 'common';
}
