/**
 * The game list (`{gamelist}/{accountId}/titles`): PS4 and PS5 games an account played, most
 * recently played first, with play counts and play time; 200 a page at most.
 * @module
 */
import { z } from 'zod';
import type { Api, CallOptions } from '../api.ts';
import { Paginator } from '../pagination/paginator.ts';
import { type Kit, dual, offsetSchema } from './shared-schemas.ts';

export const GAME_LIST_MAX_LIMIT = 200;

export type GameCategory = 'ps4_game' | 'ps5_native_game';

// ISO 8601 duration as Sony writes play time: "PT228H56M33S" (days are tolerated, never seen).
const DURATION = /^P(?!$)(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/** Seconds of a play duration such as `"PT228H56M33S"` (→ 824 193). Throws a `TypeError` for anything else. */
export function parsePlayDuration(text: string): number {
  const match = DURATION.exec(text);
  if (!match) throw new TypeError(`"${text}" is not an ISO 8601 duration such as "PT228H56M33S".`);
  const [, days = '0', hours = '0', minutes = '0', seconds = '0'] = match;
  return Number(days) * 86_400 + Number(hours) * 3600 + Number(minutes) * 60 + Number(seconds);
}

/** The commercial grouping of a game: regional SKUs and PS4/PS5 versions, up to dozens of title ids. */
const buildConcept = (k: Kit) =>
  z.object({
    id: k.opt(z.number()),
    /** Empty in some answers (2021); the game's own `titleId` is the one to join on. */
    titleIds: k.listOr(z.string()),
    name: k.opt(z.string()),
  });

const buildGame = (k: Kit) =>
  z.object({
    /** Product id: `CUSA…` (PS4) or `PPSA…` (PS5); the join to trophies goes through `trophies.byTitleIds`. */
    titleId: z.string().min(1),
    name: z.string(),
    localizedName: k.str(''),
    imageUrl: k.str(''),
    localizedImageUrl: k.str(''),
    /** `ps4_game`, `ps5_native_game`; other categories come as sent. */
    category: k.str(''),
    service: k.opt(z.string()),
    playCount: k.opt(z.number()),
    concept: k.opt(buildConcept(k)),
    firstPlayedDateTime: k.opt(z.string()),
    lastPlayedDateTime: z.string(),
    /** Sony's ISO 8601 duration (`"PT228H56M33S"`); `parsePlayDuration` turns it into seconds. `PT0S` when left out. */
    playDuration: k.lenient
      ? z
          .string()
          .regex(DURATION, 'expected an ISO 8601 duration')
          .nullish()
          .transform((value) => value ?? 'PT0S')
      : z.string().regex(DURATION, 'expected an ISO 8601 duration').default('PT0S'),
  });
export const playedGameSchema = dual(buildGame);
export type PlayedGame = z.output<ReturnType<typeof buildGame>>;

export const playedGamesSchema = dual((k) =>
  z.object({ titles: z.array(buildGame(k)), totalItemCount: k.opt(z.number()), nextOffset: offsetSchema, previousOffset: offsetSchema }),
);
export type PlayedGamesPage = z.output<typeof playedGamesSchema.fast>;

export interface GameListOptions extends CallOptions {
  /** `me` or a 19-digit account id. @default 'me' */
  accountId?: string;
  /** @default ['ps4_game', 'ps5_native_game'] */
  categories?: readonly GameCategory[];
  /** 1–200. @default 200 */
  limit?: number;
  offset?: number;
}

/** One page of the game list. */
export function getPlayedGames(api: Api, options: GameListOptions = {}): Promise<PlayedGamesPage> {
  return api.call({
    endpoint: 'gamelist.titles',
    host: 'gamelist',
    path: `/${encodeURIComponent(options.accountId ?? 'me')}/titles`,
    query: {
      categories: (options.categories ?? ['ps4_game', 'ps5_native_game']).join(','),
      limit: options.limit ?? GAME_LIST_MAX_LIMIT,
      offset: options.offset ?? 0,
    },
    schema: playedGamesSchema,
    items: [['titles']],
    signal: options.signal,
    language: options.language,
  });
}

/** Every played game, most recent first, 200 a page: ⌈G/200⌉ requests. */
export function iteratePlayedGames(api: Api, options: Omit<GameListOptions, 'offset' | 'limit'> = {}): Paginator<PlayedGame> {
  return new Paginator(async (offset, signal) => {
    const page = await getPlayedGames(api, { ...options, offset, signal });
    return { items: page.titles, totalItemCount: page.totalItemCount, nextOffset: page.nextOffset ?? undefined };
  }, options);
}
