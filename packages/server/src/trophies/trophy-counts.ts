/** Trophy counts by type, as Sony gives them for titles, groups and summaries. */
export type TrophyCounts = {
  bronze: number;
  silver: number;
  gold: number;
  platinum: number;
};

export type TrophyType = keyof TrophyCounts;

export const emptyCounts = (): TrophyCounts => ({ bronze: 0, silver: 0, gold: 0, platinum: 0 });

/** Reads `<prefix>_bronze` … `<prefix>_platinum` columns of a row. */
export function countsOf(columns: object, prefix: 'defined' | 'earned'): TrophyCounts {
  const row = columns as Record<string, unknown>;
  return {
    bronze: Number(row[`${prefix}_bronze`]),
    silver: Number(row[`${prefix}_silver`]),
    gold: Number(row[`${prefix}_gold`]),
    platinum: Number(row[`${prefix}_platinum`]),
  };
}
