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
    platinums: z.array(platinumEntry),
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
