/** The profile page: level, points, the platinum cabinet, trophies over time, rarest, platforms, time to platinum. */
import { z } from 'zod';
import { counts } from './common.schema.ts';

const grade = z.enum(['bronze', 'silver', 'gold', 'platinum']);

export const platinumEntry = z
  .object({
    number: z.int().meta({ description: 'Its place in the cabinet: "Platinum #37" (earned order; undated ones last)' }),
    npCommunicationId: z.string(),
    name: z.string(),
    iconUrl: z.string(),
    platforms: z.array(z.string()),
    earnedAt: z.string().nullable().meta({ description: 'When the platinum was earned; null until the game is imported (or Sony gave no date)' }),
    firstEarnedAt: z.string().nullable().meta({ description: 'When the game’s first trophy was earned' }),
    secondsToPlatinum: z.int().nullable().meta({ description: 'From the first trophy to the platinum' }),
  })
  .meta({ id: 'Platinum' });

/** How many platinums the profile carries; the rest of the cabinet comes a page at a time. */
export const CABINET_PAGE = 100;

export const platinumsQuery = z.object({
  cursor: z.string().max(500).optional().meta({ description: 'The `nextCursor` of the page before (the profile’s `platinumsNext` for the second)' }),
  limit: z.coerce.number().int().min(1).max(500).default(CABINET_PAGE),
});

export const platinumsResponse = z
  .object({
    items: z.array(platinumEntry),
    total: z.int().meta({ description: 'Platinums in the whole cabinet' }),
    nextCursor: z.string().nullable().meta({ description: 'Opaque: pass it back as `cursor` for the next page; null on the last' }),
  })
  .meta({ id: 'PlatinumPage' });

export const profileResponse = z
  .object({
    level: z.object({
      level: z.int(),
      progress: z.int().meta({ description: 'Percent of the way to the next level' }),
      tier: z.int(),
      nextLevelAt: z.int().meta({ description: 'The points the next level starts at' }),
    }),
    points: z.int(),
    earned: counts.meta({ description: 'Trophies by grade, over the whole PSN library' }),
    titles: z.int(),
    games: z.int(),
    completed: z.int().meta({ description: 'Imported games with every obtainable trophy earned' }),
    platinums: z
      .array(platinumEntry)
      .meta({ description: 'The platinum cabinet’s first page (up to 100, first earned first): the rest from `/api/profile/platinums`' }),
    platinumCount: z.int().meta({ description: 'Platinums in the whole cabinet' }),
    platinumsNext: z
      .string()
      .nullable()
      .meta({ description: 'The cursor of the cabinet’s second page (`/api/profile/platinums?cursor=`); null when this is all' }),
    calendar: z.object({
      from: z.string().meta({ description: 'First day (UTC, YYYY-MM-DD) of the last year' }),
      to: z.string(),
      days: z.array(z.object({ date: z.string(), count: z.int() })).meta({ description: 'Days with trophies earned, oldest first (others had none)' }),
      max: z.int(),
      total: z.int(),
    }),
    months: z
      .array(z.object({ month: z.string().meta({ description: 'YYYY-MM' }), count: z.int() }))
      .meta({ description: 'Each month the last year touches (13 but on the 1st day of a month; the first one in part), oldest first' }),
    rarest: z.array(
      z.object({
        npCommunicationId: z.string(),
        title: z.string(),
        trophyId: z.int(),
        name: z.string(),
        type: grade,
        iconUrl: z.string().nullable(),
        rarity: z.number().meta({ description: 'Percent of players who earned it' }),
        earnedAt: z.string().nullable(),
      }),
    ),
    platforms: z.array(
      z.object({
        platform: z.string(),
        games: z.int(),
        completed: z.int(),
        platinums: z.int(),
        progress: z.int().meta({ description: 'Mean progress of the imported games' }),
      }),
    ),
    timeToPlatinum: z.object({ fastest: platinumEntry.nullable(), slowest: platinumEntry.nullable(), medianSeconds: z.int().nullable() }),
  })
  .meta({ id: 'Profile' });
