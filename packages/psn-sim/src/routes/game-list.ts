/**
 * The game list (`m.np.playstation.com/api/gamelist/v2`): PS4 and PS5 games with last-played
 * times and play durations, most recent first.
 * @module
 */
import type { Simulator } from '../simulator.ts';
import { SonyError } from '../sony-errors.ts';
import type { GameListEntry } from '../world/world.ts';
import { pageFields, parsePage } from './pagination.ts';

const MAX_LIMIT = 200;
// Genres as Sony names them (recorded: ACTION, ADVENTURE, ROLE_PLAYING_GAMES).
const GENRES = [['ACTION'], ['ACTION', 'ADVENTURE'], ['ROLE_PLAYING_GAMES'], ['RACING'], ['SPORTS'], ['PUZZLE']];

/** ISO 8601 duration as Sony writes play time ("PT228H56M33S"). */
export function isoDuration(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return `PT${h ? `${h}H` : ''}${m ? `${m}M` : ''}${s || (!h && !m) ? `${s}S` : ''}`;
}

export function categoryOf(entry: GameListEntry): 'ps4_game' | 'ps5_native_game' {
  return entry.npTitleId.startsWith('PPSA') ? 'ps5_native_game' : 'ps4_game';
}

export function gameImageUrl(entry: GameListEntry): string {
  return `https://image.api.playstation.com/gs2-sec/appkgo/prod/${entry.npTitleId}/1/i_${entry.title.iconKey.toString(16).padStart(8, '0')}/icon0.png`;
}

/** Sony's game-list times carry microseconds (`2017-10-18T16:11:01.810000Z`, recorded 2024). */
export function isoMicros(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 23)}000Z`;
}

export function registerGameListRoutes(sim: Simulator): void {
  const { world, errors } = sim;
  // Untidy: the same walk sees totalItemCount swing between calls (reported 189 ↔ 206).
  const calls = new Map<string, number>();

  sim.route('GET', '/api/gamelist/v2/users/:accountId/titles', 'gamelist.titles', 'bearer', (ctx) => {
    const owner = sim.target(ctx.param('accountId'), ctx.caller);
    sim.assertTrophiesVisible(owner, ctx.caller);
    const p = parsePage(ctx.query('limit'), ctx.query('offset'), { defaultLimit: 100, maxLimit: MAX_LIMIT }, (what, value) =>
      what === 'limit' && value > MAX_LIMIT
        ? new SonyError(400, {
            reason: 'BadRequest',
            code: 3239940,
            source: 'Gamelist',
            message: `invalid request, requested limit=${value} allowed limit=${MAX_LIMIT}`,
            referenceId: errors.ids.next(),
          })
        : new SonyError(400, {
            reason: 'BadRequest',
            code: 3239940,
            source: 'Gamelist',
            message: `invalid request, ${what}=${Number.isNaN(value) ? 'NaN' : value}`,
            referenceId: errors.ids.next(),
          }),
    );
    const categories = (ctx.query('categories') ?? 'ps4_game,ps5_native_game').split(',');
    const entries = world.gameList(owner.index).filter((e) => categories.includes(categoryOf(e)));
    const titles = entries.slice(p.offset, p.offset + p.limit).map((e) => {
      const image = gameImageUrl(e);
      const media = { audios: [], videos: [], images: [{ url: image, format: 'UNKNOWN', type: 'FOUR_BY_THREE_BANNER' }] };
      return {
        titleId: e.npTitleId,
        name: e.noTrophies ? `${e.title.name} Demo` : e.title.name,
        localizedName: e.noTrophies ? `${e.title.name} Demo` : e.title.name,
        imageUrl: image,
        localizedImageUrl: image,
        category: categoryOf(e),
        service: owner.isPlus && e.title.iconKey % 5 === 0 ? 'ps_plus' : 'none_purchased',
        playCount: e.playCount,
        concept: {
          id: e.noTrophies ? e.title.conceptId + 50_000_000 : e.title.conceptId,
          titleIds: e.conceptTitleIds,
          name: e.noTrophies ? `${e.title.name} Demo` : e.title.name,
          media,
          genres: GENRES[e.title.iconKey % GENRES.length],
          localizedName: { defaultLanguage: 'en-US', metadata: { 'en-US': e.title.name, 'de-DE': e.title.name, 'ja-JP': e.title.name } },
          country: owner.country,
          language: owner.language.slice(0, 2),
        },
        media,
        firstPlayedDateTime: isoMicros(e.firstPlayedMs),
        lastPlayedDateTime: isoMicros(e.lastPlayedMs),
        playDuration: isoDuration(e.playSeconds),
      };
    });
    const fields = pageFields(p, entries.length);
    const n = (calls.get(owner.accountId) ?? 0) + 1;
    calls.set(owner.accountId, n);
    const drift = n % 2 === 0 ? sim.options.untidy.totalItemCountDrift : 0;
    // As recorded (psnawp 2025, ioBroker 2024): `nextOffset` is null on the last page, `previousOffset` 0 on the first.
    return {
      body: {
        titles,
        nextOffset: fields.nextOffset ?? null,
        previousOffset: Math.max(0, p.offset - p.limit),
        totalItemCount: entries.length + drift,
      },
    };
  });
}
