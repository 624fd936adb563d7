/**
 * The profile page: level with progress to the next and points (the one rule,
 * `trophies/trophy-points.ts`), trophies by grade, the numbered platinum cabinet, a calendar of
 * trophies per day over the last year (ending today by the injected clock) and per month, the
 * rarest earned trophies, completion by platform, and time to platinum with the fastest and
 * slowest. Every figure comes from the store, so the page costs no request to Sony. The page as
 * last made is kept per user and made again as writes end (`refresh`), not on the next view.
 * @module
 */
import { CABINET_PAGE } from '@trophyroom/contract';
import type { LibraryRepository } from '../repositories/library.repository.ts';
import type { PlatinumKey, ProfileRepository } from '../repositories/profile.repository.ts';
import type { TrophyType } from '../trophies/trophy-counts.ts';
import { levelFor, pointsOf } from '../trophies/trophy-points.ts';
import { ServiceError } from './service-error.ts';

/** How the page names images: icon URLs rewritten to our own origin as the page is made, so a view sends the kept text as it is. */
export interface ProfileImages {
  localizeJson(json: string): string;
  /** Changes whenever `localizeJson` would name an image otherwise. */
  readonly signature: string;
}

export interface ProfileDeps {
  profile: ProfileRepository;
  library: LibraryRepository;
  now: () => number;
  language: string;
  /** Icon URLs as Sony's when absent. */
  images?: ProfileImages | undefined;
  /** The server build: a page kept by another build (another shape) is made again. @default '' */
  build?: string | undefined;
}

const DAY_MS = 86_400_000;
const RAREST = 10;

export class ProfileService {
  readonly #madeBy: string;

  constructor(private readonly deps: ProfileDeps) {
    // Text PostgreSQL can hold (no NUL).
    this.#madeBy = `build ${deps.build ?? ''}; images ${deps.images?.signature ?? 'as Sony names them'}`;
  }

  /**
   * The profile page as JSON text, icons already ours: the one kept for the user while the library
   * version, the day and its maker (build, image naming) still match, else made now and kept. The
   * version is read before the page is made, so a write in the middle leaves the kept page older
   * than the library, and the next read makes it again.
   */
  async json(userId: string): Promise<string> {
    const version = await this.deps.library.version(userId);
    const day = new Date(this.deps.now()).toISOString().slice(0, 10);
    const madeBy = this.#madeBy;
    const kept = await this.deps.profile.snapshot(userId);
    if (kept && kept.version === version && kept.day === day && kept.madeBy === madeBy) return kept.body;
    const body = this.#localized(JSON.stringify(await this.profile(userId)));
    await this.deps.profile.saveSnapshot(userId, { version, day, madeBy, body });
    return body;
  }

  /**
   * A page of the platinum cabinet as JSON text (icons ours): `limit` entries after the cursor's.
   * The cursor names the last entry read and its number: a platinum earned meanwhile joins the
   * end (the cabinet is in earned order), so the pages already read stay put.
   */
  async platinumsPage(userId: string, query: { cursor?: string | undefined; limit: number }): Promise<string> {
    const cursor = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
    const [rows, total] = await Promise.all([
      this.deps.profile.platinums(userId, { after: cursor?.after, limit: query.limit }),
      this.deps.profile.platinumCount(userId),
    ]);
    const before = cursor?.before ?? 0;
    const items = rows.map((row, i) => platinumEntry(row, before + i + 1));
    const last = rows.at(-1);
    const page = {
      items,
      total,
      nextCursor: last && rows.length === query.limit && before + rows.length < total ? cursorAfter(last, before + rows.length) : null,
    };
    return this.#localized(JSON.stringify(page));
  }

  /** The JSON with its icon URLs ours (as Sony's without `images`). */
  #localized(json: string): string {
    return this.deps.images ? this.deps.images.localizeJson(json) : json;
  }

  /** Makes the page again after a write (a sync's end, a flag) unless the kept one still holds, so the next view reads one row. */
  async refresh(userId: string): Promise<void> {
    await this.json(userId);
  }

  async profile(userId: string) {
    const today = new Date(this.deps.now());
    const to = today.toISOString().slice(0, 10);
    // 365 days ending today (the calendar's 53 weeks are drawn from it).
    const from = new Date(Date.parse(to) - 364 * DAY_MS).toISOString().slice(0, 10);
    const [totals, platinumRows, days, rarest, platforms] = await Promise.all([
      this.deps.library.totals(userId),
      this.deps.profile.platinums(userId),
      this.deps.profile.perDay(userId, from),
      this.deps.profile.rarest(userId, this.deps.language, RAREST),
      this.deps.profile.byPlatform(userId),
    ]);
    const points = pointsOf(totals.earned);
    const level = levelFor(points);

    // Every platinum counts towards time to platinum; the page carries the cabinet's first page only.
    const platinums = platinumRows.map((p, i) => platinumEntry(p, i + 1));
    const timed = platinums.filter((p) => p.secondsToPlatinum !== null).sort((a, b) => (a.secondsToPlatinum as number) - (b.secondsToPlatinum as number));
    const median = timed.length ? (timed[Math.floor((timed.length - 1) / 2)]?.secondsToPlatinum ?? null) : null;

    const inRange = days.filter((d) => d.date <= to);
    const months = monthsBetween(from, to).map((month) => ({ month, count: 0 }));
    const byMonth = new Map(months.map((m) => [m.month, m]));
    for (const d of inRange) {
      const m = byMonth.get(d.date.slice(0, 7));
      if (m) m.count += d.count;
    }

    return {
      level: { level: level.level, progress: level.progress, tier: level.tier, nextLevelAt: level.nextLevelAt },
      points,
      earned: totals.earned,
      titles: totals.titles,
      games: totals.games,
      completed: totals.completed,
      platinums: platinums.slice(0, CABINET_PAGE),
      platinumCount: platinums.length,
      platinumsNext: platinumRows.length > CABINET_PAGE ? cursorAfter(platinumRows[CABINET_PAGE - 1] as PlatinumRow, CABINET_PAGE) : null,
      calendar: {
        from,
        to,
        days: inRange,
        max: inRange.reduce((m, d) => Math.max(m, d.count), 0),
        total: inRange.reduce((n, d) => n + d.count, 0),
      },
      months,
      rarest: rarest.map((r) => ({
        npCommunicationId: r.np_communication_id,
        title: r.title,
        trophyId: r.trophy_id,
        name: r.definition?.name ?? `Trophy ${r.trophy_id}`,
        type: (r.definition?.type ?? 'bronze') as TrophyType,
        iconUrl: r.definition?.icon_url ?? null,
        rarity: r.earned_rate,
        earnedAt: r.earned_at,
      })),
      platforms: byPlatform(platforms),
      timeToPlatinum: { fastest: timed[0] ?? null, slowest: timed[timed.length - 1] ?? null, medianSeconds: median },
    };
  }
}

type PlatinumRow = Awaited<ReturnType<ProfileRepository['platinums']>>[number];

/** A cabinet entry: its number in the cabinet, and the time from the game's first trophy to the platinum. */
function platinumEntry(p: PlatinumRow, number: number) {
  const seconds =
    p.platinum_earned_at && p.first_earned_at ? Math.max(0, Math.round((Date.parse(p.platinum_earned_at) - Date.parse(p.first_earned_at)) / 1000)) : null;
  return {
    number,
    npCommunicationId: p.np_communication_id,
    name: p.name,
    iconUrl: p.icon_url,
    platforms: p.platform.split(','),
    earnedAt: p.platinum_earned_at,
    firstEarnedAt: p.first_earned_at,
    secondsToPlatinum: seconds,
  };
}

/** The cabinet's cursors, opaque to callers: the last entry read (its place in the order) and how many came up to it. */
function cursorAfter(row: PlatinumRow, before: number): string {
  return Buffer.from(JSON.stringify([before, row.platinum_earned_at, row.np_communication_id])).toString('base64url');
}

function decodeCursor(cursor: string): { before: number; after: PlatinumKey } {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(parsed) && parsed.length === 3) {
      const [before, earnedAt, id] = parsed as unknown[];
      if (Number.isSafeInteger(before) && (before as number) > 0 && (earnedAt === null || typeof earnedAt === 'string') && typeof id === 'string')
        return { before: before as number, after: { earnedAt, id } };
    }
  } catch {}
  throw new ServiceError('invalid_cursor', 'The cursor is not one this server gave out. Start again from the first page.');
}

/** `YYYY-MM` of every month from the one of `from` to the one of `to` (days, `YYYY-MM-DD`), oldest first. */
function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  for (let d = new Date(`${from.slice(0, 7)}-01T00:00:00Z`); d.toISOString().slice(0, 7) <= to.slice(0, 7); d.setUTCMonth(d.getUTCMonth() + 1))
    months.push(d.toISOString().slice(0, 7));
  return months;
}

/** Sony's platform lists (`PS5,PSPC`) counted under each platform they name, busiest first. */
function byPlatform(rows: Array<{ platform: string; games: number; completed: number; platinums: number; progress: number }>) {
  const totals = new Map<string, { games: number; completed: number; platinums: number; progress: number }>();
  for (const r of rows)
    for (const platform of r.platform.split(',')) {
      const t = totals.get(platform) ?? { games: 0, completed: 0, platinums: 0, progress: 0 };
      t.games += r.games;
      t.completed += r.completed;
      t.platinums += r.platinums;
      t.progress += r.progress;
      totals.set(platform, t);
    }
  return [...totals.entries()]
    .map(([platform, t]) => ({ platform, games: t.games, completed: t.completed, platinums: t.platinums, progress: Math.floor(t.progress / t.games) }))
    .sort((a, b) => b.games - a.games || a.platform.localeCompare(b.platform));
}
