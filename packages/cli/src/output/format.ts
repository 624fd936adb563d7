/**
 * Small formatters for table cells: dates, trophy counts, play time, rarity.
 * @module
 */

export interface Counts {
  bronze: number;
  silver: number;
  gold: number;
  platinum: number;
}

/** `2026-10-31 14:05` (UTC) from an ISO date; '' when absent. */
export function shortDate(iso: string | undefined): string {
  if (!iso) return '';
  return iso.replace('T', ' ').slice(0, 16);
}

/** `P 1/1  G 2/3  S 5/9  B 20/40`, or earned only when no defined counts are given. */
export function countsText(earned: Counts, defined?: Counts): string {
  const part = (letter: string, key: keyof Counts) => `${letter} ${earned[key]}${defined ? `/${defined[key]}` : ''}`;
  return [part('P', 'platinum'), part('G', 'gold'), part('S', 'silver'), part('B', 'bronze')].join('  ');
}

export function total(counts: Counts): number {
  return counts.bronze + counts.silver + counts.gold + counts.platinum;
}

/** `228h 56m` from seconds. */
export function durationText(seconds: number): string {
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  return hours > 0 ? `${hours}h ${String(minutes).padStart(2, '0')}m` : `${minutes}m`;
}

const tierNames: Record<string, string> = { ultraRare: 'ultra rare', veryRare: 'very rare', rare: 'rare', common: 'common' };

/** `ultra rare` for `ultraRare`. */
export function tierText(tier: string): string {
  return tierNames[tier] ?? tier;
}
