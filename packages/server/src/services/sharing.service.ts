/**
 * Sharing, the only door to public profiles: off by default; turning it on makes a random URL
 * token (turning it off deletes it, and turning it on again makes a new one, so an old link stays
 * dead); a shared profile shows games with progress, points and level, the platinum cabinet and
 * the latest trophies — secret trophies masked, earned or not — and never an account id, a token
 * or anything private beyond the online id.
 * @module
 */
import { randomBytes } from 'node:crypto';
import type { UserTitle } from '../db/schema.ts';
import type { SharingRepository } from '../repositories/sharing.repository.ts';
import { countsOf } from '../trophies/trophy-counts.ts';
import { ServiceError } from './service-error.ts';

export interface SharingDeps {
  shares: SharingRepository;
  /** The player's level, points and counts (the library's stats). */
  stats: (userId: string) => Promise<{
    level: number;
    tier: number;
    points: number;
    earned: Record<'bronze' | 'silver' | 'gold' | 'platinum', number>;
    platinums: number;
    games: number;
    completed: number;
  }>;
  /** The name a profile shows: the PSN online id, else the Trophyroom name. */
  nameOf: (userId: string) => Promise<string>;
  now: () => number;
  /** @default 'en-US' */
  language?: string;
}

/** A share as the owner sees it: the token that makes its URLs, and since when. */
export interface ShareState {
  token: string | null;
  since: string | null;
}

const SECRET = 'Secret trophy';

const gameOf = (t: UserTitle) => ({
  name: t.name,
  iconUrl: t.icon_url as string | null,
  platforms: t.platform.split(','),
  progress: t.progress,
  earned: countsOf(t, 'earned'),
  defined: countsOf(t, 'defined'),
  platinumEarned: t.earned_platinum > 0,
  lastUpdatedAt: t.last_updated_at,
});

export class SharingService {
  readonly #language: string;

  constructor(private readonly deps: SharingDeps) {
    this.#language = deps.language ?? 'en-US';
  }

  async state(userId: string): Promise<ShareState> {
    const share = await this.deps.shares.ofUser(userId);
    return { token: share?.token ?? null, since: share?.created_at ?? null };
  }

  /** Turns sharing on (a new token unless it is on already). */
  async enable(userId: string): Promise<ShareState> {
    await this.deps.shares.enable(userId, randomBytes(18).toString('base64url'), new Date(this.deps.now()).toISOString());
    return this.state(userId);
  }

  /** Turns sharing off: the token is deleted, so its URL stops working for good. */
  async disable(userId: string): Promise<ShareState> {
    await this.deps.shares.disable(userId);
    return this.state(userId);
  }

  /** The profile shared under `token`; `not_found` when no profile is shared under it (never was, or turned off). */
  async profile(token: string) {
    const userId = await this.#sharer(token);
    const [name, stats, shown] = await Promise.all([this.deps.nameOf(userId), this.deps.stats(userId), this.#shown(userId)]);
    return {
      name,
      level: stats.level,
      tier: stats.tier,
      points: stats.points,
      earned: stats.earned,
      platinums: stats.platinums,
      games: stats.games,
      completed: stats.completed,
      ...shown,
    };
  }

  /** Every icon URL the profile shared under `token` shows (a masked trophy's is not among them); `not_found` as `profile`. */
  async icons(token: string): Promise<Set<string>> {
    const { platinumCabinet, recentGames, recentTrophies } = await this.#shown(await this.#sharer(token));
    const urls = [...platinumCabinet, ...recentGames, ...recentTrophies].map((shown) => shown.iconUrl);
    return new Set(urls.filter((url): url is string => url !== null));
  }

  async #sharer(token: string): Promise<string> {
    const share = /^[\w-]{16,64}$/.test(token) ? await this.deps.shares.byToken(token) : undefined;
    if (!share) throw new ServiceError('not_found', 'No profile is shared at this address (it was never shared, or its owner turned sharing off).');
    return share.user_id;
  }

  /** The lists a shared profile shows, the one place that decides what is public (the page's icons are served by it too). */
  async #shown(userId: string) {
    const language = this.#language;
    const [games, platinums, trophies] = await Promise.all([
      this.deps.shares.recentGames(userId, 60),
      this.deps.shares.platinums(userId, language, 60),
      this.deps.shares.recentTrophies(userId, language, 20),
    ]);
    return {
      platinumCabinet: platinums.map((p) => ({ ...gameOf(p), earnedAt: p.platinum_at ?? null })),
      recentGames: games.map(gameOf),
      // Secret trophies stay secret on a public page, earned or not: their names give the story away.
      recentTrophies: trophies.map((t) => {
        const masked = t.hidden === 1;
        return {
          game: t.game,
          type: t.type as 'bronze' | 'silver' | 'gold' | 'platinum',
          name: masked ? SECRET : t.name,
          detail: masked ? '' : t.detail,
          iconUrl: masked ? null : t.icon_url,
          masked,
          earnedAt: t.earned_at,
        };
      }),
    };
  }
}

/** A shared profile as the store has it (icons still Sony's URLs: `PublicProfileService` serves them from here). */
export type SharedProfile = Awaited<ReturnType<SharingService['profile']>>;
