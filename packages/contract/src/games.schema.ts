/** The library: games, one game's trophies, stats. */
import { z } from 'zod';
import { counts, titleFields } from './common.schema.ts';

export const gamesQuery = z.object({
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  platform: z.string().max(16).optional(),
  status: z.enum(['platinum', 'completed', 'in-progress', 'not-started', 'base-complete', 'dlc-complete', 'platinum-dlc-missing']).optional().meta({
    description:
      '`completed`: every obtainable trophy earned; `base-complete`: the base game (group `default`) complete; `dlc-complete`: a game with DLC, every group complete; `platinum-dlc-missing`: the platinum earned, DLC trophies missing. Trophies flagged unobtainable never count against a game',
  }),
  sort: z.enum(['last-played', 'name', 'progress', 'points']).default('last-played'),
  order: z.enum(['asc', 'desc']).optional(),
  q: z.string().max(200).optional(),
});

export const game = titleFields
  .extend({
    points: z
      .object({ earned: z.int(), total: z.int() })
      .meta({ description: 'Trophy points, platinum included (bronze 15, silver 30, gold 90, platinum 300)' }),
    hasPlatinum: z.boolean(),
    platinumEarned: z.boolean(),
    syncedAt: z.string().nullable().meta({ description: 'When earned trophies were last fetched; null until the import reaches this game' }),
    goneFromPsnAt: z
      .string()
      .nullable()
      .meta({ description: "When PSN's title list stopped listing it (its trophies are kept as they were); null while PSN lists it" }),
    countsDroppedAt: z
      .string()
      .nullable()
      .meta({ description: 'When PSN reported fewer earned trophies than before (the earned ones are kept, marked withdrawn); null otherwise' }),
    obtainableProgress: z.int().meta({ description: 'Progress over the trophies not flagged unobtainable ("100 % of obtainable"); `progress` when none is' }),
    unobtainable: z.int().meta({ description: 'Trophies flagged unobtainable and not earned' }),
    dlc: z
      .object({ groups: z.int(), baseMissing: z.int().nullable(), dlcMissing: z.int().nullable() })
      .meta({ description: 'DLC groups, and the obtainable trophies not earned in the base game and in the DLC (null until its trophies are imported)' }),
  })
  .meta({ id: 'Game' });

export const gamesResponse = z.object({
  items: z.array(game),
  nextCursor: z.string().nullable().meta({ description: 'Opaque (a keyset on the sort): pass it back as `cursor` for the next page' }),
  total: z.int(),
});

export const trophy = z
  .object({
    id: z.int(),
    type: z.enum(['bronze', 'silver', 'gold', 'platinum']),
    name: z.string(),
    detail: z.string(),
    iconUrl: z.string().nullable(),
    hidden: z.boolean(),
    masked: z.boolean(),
    earned: z.boolean(),
    earnedAt: z.string().nullable(),
    progress: z.number().nullable(),
    progressTarget: z.number().nullable(),
    rarity: z.number().nullable().meta({ description: 'Percent of players who earned it' }),
    /** The rarity vocabulary of the PSN client (`RarityTier` of `@trophyroom/psn`): Sony's `trophyRare` 0–3. */
    tier: z.enum(['ultraRare', 'veryRare', 'rare', 'common']).nullable(),
    reward: z.object({ name: z.string(), imageUrl: z.string().nullable() }).nullable(),
    withdrawnAt: z
      .string()
      .nullable()
      .optional()
      .meta({ description: 'When PSN stopped reporting this earned trophy as earned (kept earned here); absent or null otherwise' }),
    unobtainable: z
      .object({ source: z.string(), note: z.string().nullable() })
      .nullable()
      .meta({ description: 'Flagged unobtainable by you (`source` is `manual` or the imported list it came from); null otherwise' }),
  })
  .meta({ id: 'Trophy' });

export const group = z
  .object({
    id: z.string(),
    name: z.string(),
    detail: z.string().nullable(),
    iconUrl: z.string(),
    progress: z.int(),
    obtainableProgress: z.int().meta({ description: 'Progress over the group’s trophies not flagged unobtainable' }),
    earned: counts,
    defined: counts,
    trophies: z.array(trophy),
  })
  .meta({ id: 'TrophyGroup' });

export const gameQuery = z.object({ reveal: z.enum(['true', 'false']).default('false') });
export const gameResponse = z.object({ game: game.extend({ detail: z.string().nullable() }), groups: z.array(group) });

export const statsResponse = z.object({
  level: z.int(),
  levelProgress: z.int(),
  tier: z.int(),
  points: z.int(),
  earned: counts,
  platinums: z.int(),
  titles: z.int().meta({ description: 'Titles in the PSN library' }),
  games: z.int().meta({ description: 'Imported games' }),
  completed: z.int(),
});
