/**
 * An in-memory stand-in for the HTTP API of packages/server/docs/http-api.md, served to the
 * browser through Playwright's request interception. It lets the screens be tested (and
 * photographed) without the server or the simulator; `journey.test.ts` runs the real ones.
 * @module
 */
import type { Page, Route } from 'playwright-core';
import type { Connection, Game, GameDetail, PickerEntry, Run, Trophy, TrophyCounts, TrophyGroup } from '../src/api/types.ts';

const DAY = 86_400_000;
const adjectives = ['Hollow', 'Crimson', 'Silent', 'Neon', 'Iron', 'Astral', 'Frozen', 'Wild', 'Gilded', 'Broken', 'Lunar', 'Savage', 'Distant', 'Velvet'];
const nouns = ['Crown', 'Frontier', 'Harbor', 'Circuit', 'Tide', 'Legacy', 'Signal', 'Kingdom', 'Drift', 'Oath', 'Echo', 'Garden', 'Rally', 'Vanguard'];
const platformSets = [['PS5'], ['PS4'], ['PS5'], ['PS4'], ['PS3'], ['PS4', 'PSVITA'], ['PS5', 'PSPC'], ['PSVITA']];

export interface FakeOptions {
  titles?: number;
  /** The picker answers "loading" this many times after connecting. @default 2 */
  loadingPolls?: number;
  /** Server time. @default 2026-11-25T12:00Z */
  now?: number;
}

interface Title {
  entry: PickerEntry;
  index: number;
  groups: TrophyGroup[];
}

function zero(): TrophyCounts {
  return { bronze: 0, silver: 0, gold: 0, platinum: 0 };
}

function countsOf(trophies: Trophy[], earnedOnly: boolean): TrophyCounts {
  const counts = zero();
  for (const trophy of trophies) if (!earnedOnly || trophy.earned) counts[trophy.type]++;
  return counts;
}

const points = { bronze: 15, silver: 30, gold: 90, platinum: 0 };
function progressOf(trophies: Trophy[]): number {
  const total = trophies.reduce((sum, t) => sum + points[t.type], 0);
  const earned = trophies.filter((t) => t.earned).reduce((sum, t) => sum + points[t.type], 0);
  return total === 0 ? 0 : Math.floor((earned / total) * 100);
}

export class FakeApi {
  now: number;
  signedIn = false;
  user: { id: string; username: string; admin: boolean; createdAt: string } | null = null;
  password = '';
  connection: Connection | null = null;
  expiresAt = 0;
  loadingLeft = 0;
  readonly titles: Title[] = [];
  readonly imported = new Set<string>();
  /** Imported titles whose trophies the import has not fetched yet (`syncedAt: null`). */
  readonly unsynced = new Set<string>();
  /** "Sync now" finds the token refused by PSN: the connection turns revoked, 409. */
  refuseSync = false;
  /** `GET /api/stats` answers 500. */
  failStats = false;
  readonly runs: Run[] = [];
  /** Every request the page made: method and path. */
  readonly requests: string[] = [];
  private readonly loadingPolls: number;

  constructor(options: FakeOptions = {}) {
    this.now = options.now ?? Date.parse('2026-11-25T12:00:00Z');
    this.loadingPolls = options.loadingPolls ?? 2;
    const count = options.titles ?? 60;
    for (let i = 0; i < count; i++) this.titles.push(this.makeTitle(i));
  }

  private makeTitle(i: number): Title {
    const platforms = platformSets[i % platformSets.length]!;
    const legacy = platforms.includes('PS3') || platforms[0] === 'PSVITA';
    const id = `NPWR${String(10000 + i).padStart(5, '0')}_00`;
    const size = 8 + ((i * 7) % 14);
    const engagement = ((i * 37) % 100) / 100;
    const trophies: Trophy[] = [];
    for (let t = 0; t < size; t++) {
      const type = t === 0 && size > 12 ? 'platinum' : t % 7 === 1 ? 'gold' : t % 3 === 1 ? 'silver' : 'bronze';
      const rarity = legacy ? null : Math.max(0.4, 95 - t * 6.3 - (i % 5));
      const hidden = t % 6 === 5;
      const earned = type === 'platinum' || hidden ? engagement > 0.85 : ((t * 13 + i) % 100) / 100 < engagement || engagement > 0.85;
      const progressTarget = platforms[0] === 'PS5' && t === 3 ? 50 : null;
      trophies.push({
        id: t,
        type,
        name: `${['First Steps', 'Treasure Hunter', 'Sharpshooter', 'Marathon', 'Collector', 'The Long Night', 'Untouchable', 'Completionist'][t % 8]}${t >= 8 ? ` ${Math.floor(t / 8) + 1}` : ''}`,
        detail: type === 'platinum' ? 'Earn every other trophy.' : `Complete challenge ${t + 1} of the campaign.`,
        iconUrl: `/__fake/icon/${(i * 31 + t * 47) % 360}.svg`,
        hidden,
        masked: false,
        earned,
        earnedAt: earned ? new Date(this.now - (i + 1) * DAY - t * 3_600_000).toISOString() : null,
        progress: progressTarget ? (earned ? 50 : 17 + (i % 20)) : null,
        progressTarget,
        rarity: rarity === null ? null : Math.round(rarity * 10) / 10,
        tier: rarity === null ? null : rarity <= 5 ? 'ultra-rare' : rarity <= 15 ? 'very-rare' : rarity <= 50 ? 'rare' : 'common',
        reward: null,
      });
    }
    const groups: TrophyGroup[] = [{ id: 'default', name: 'Base game', detail: null, iconUrl: null, progress: 0, earned: zero(), defined: zero(), trophies }];
    if (i % 5 === 2) {
      const dlc: Trophy[] = [0, 1, 2].map((k) => ({
        ...trophies[1]!,
        id: size + k,
        type: k === 2 ? 'gold' : 'bronze',
        name: `Expansion feat ${k + 1}`,
        detail: 'A challenge of the expansion.',
        hidden: false,
        earned: k === 0 && engagement > 0.3,
        earnedAt: k === 0 && engagement > 0.3 ? new Date(this.now - 2 * DAY).toISOString() : null,
        progress: null,
        progressTarget: null,
      }));
      groups.push({
        id: '001',
        name: 'The Sunken Isles',
        detail: 'Story expansion',
        iconUrl: `/__fake/icon/${(i * 53) % 360}.svg`,
        progress: 0,
        earned: zero(),
        defined: zero(),
        trophies: dlc,
      });
    }
    const entry: PickerEntry = {
      npCommunicationId: id,
      name: `${adjectives[i % adjectives.length]} ${nouns[(i * 3 + Math.floor(i / adjectives.length)) % nouns.length]}${i >= 14 ? ` ${['II', 'III', 'Remastered', 'Origins', 'Deluxe'][i % 5]}` : ''}`,
      iconUrl: `/__fake/icon/${(i * 67) % 360}.svg`,
      platforms,
      progress: 0,
      earned: zero(),
      defined: zero(),
      lastUpdatedAt: new Date(this.now - (i + 1) * DAY).toISOString(),
      lastPlayedAt: legacy ? null : new Date(this.now - i * DAY - 3_600_000).toISOString(),
      playSeconds: legacy ? null : 3600 * (i + 2),
      hidden: false,
      picked: false,
      preselected: i < 8,
    };
    const title = { entry, index: i, groups };
    this.recount(title);
    return title;
  }

  private recount(title: Title): void {
    for (const group of title.groups) {
      group.earned = countsOf(group.trophies, true);
      group.defined = countsOf(group.trophies, false);
      group.progress = progressOf(group.trophies);
    }
    const all = title.groups.flatMap((group) => group.trophies);
    title.entry.earned = countsOf(all, true);
    title.entry.defined = countsOf(all, false);
    title.entry.progress = progressOf(all);
  }

  private countdown() {
    const left = this.expiresAt - this.now;
    const daysLeft = Math.max(0, Math.floor(left / DAY));
    const state = left <= 0 ? 'expired' : left <= 2 * DAY ? 'red' : left <= 14 * DAY ? 'amber' : 'green';
    return { state, daysLeft, expiresAt: new Date(this.expiresAt).toISOString() } as Connection['countdown'];
  }

  private currentConnection(): Connection | null {
    if (!this.connection) return null;
    const countdown = this.countdown();
    const last = this.runs[0];
    return {
      ...this.connection,
      state: countdown.state === 'expired' ? 'expired' : this.connection.state,
      countdown,
      titleList: this.loadingLeft > 0 ? 'loading' : 'ready',
      lastSync: last ? { runId: last.id, kind: last.kind, state: last.state, at: last.finishedAt ?? last.startedAt } : null,
    };
  }

  /** Moves every running run forward one step (called on each poll). */
  private tick(): void {
    for (const run of this.runs) {
      if (run.state !== 'running') continue;
      run.done = Math.min(run.total, run.done + Math.max(1, Math.ceil(run.total / 4)));
      run.current = this.titles.find((t) => this.imported.has(t.entry.npCommunicationId))?.entry.name ?? null;
      if (run.done >= run.total) {
        run.state = 'succeeded';
        run.current = null;
        run.finishedAt = new Date(this.now).toISOString();
      }
    }
  }

  private game(title: Title): Game {
    const all = title.groups.flatMap((group) => group.trophies);
    const e = title.entry;
    const platinum = all.find((t) => t.type === 'platinum');
    return {
      npCommunicationId: e.npCommunicationId,
      name: e.name,
      iconUrl: e.iconUrl,
      platforms: e.platforms,
      progress: e.progress,
      earned: e.earned,
      defined: e.defined,
      points: { earned: all.filter((t) => t.earned).reduce((s, t) => s + points[t.type], 0), total: all.reduce((s, t) => s + points[t.type], 0) },
      hasPlatinum: Boolean(platinum),
      platinumEarned: Boolean(platinum?.earned),
      lastPlayedAt: e.lastPlayedAt,
      lastUpdatedAt: e.lastUpdatedAt,
      playSeconds: e.playSeconds,
      syncedAt: this.unsynced.has(e.npCommunicationId) ? null : new Date(this.now).toISOString(),
    };
  }

  /** Earns one trophy, as the simulator's admin route would. */
  earn(npCommunicationId: string, trophyId: number): void {
    const title = this.titles.find((t) => t.entry.npCommunicationId === npCommunicationId)!;
    for (const group of title.groups)
      for (const trophy of group.trophies)
        if (trophy.id === trophyId) {
          trophy.earned = true;
          trophy.earnedAt = new Date(this.now).toISOString();
        }
  }

  /** The picker's titles that match the `q` (name) and `platform` filters of a request. */
  private matching(url: URL): Title[] {
    const q = (url.searchParams.get('q') ?? '').toLowerCase();
    const platform = url.searchParams.get('platform') ?? '';
    return this.titles.filter((t) => (!q || t.entry.name.toLowerCase().includes(q)) && (!platform || t.entry.platforms.includes(platform)));
  }

  answer(method: string, url: URL, body: unknown): { status: number; json?: unknown } {
    const path = url.pathname;
    const error = (status: number, code: string, message = code) => ({ status, json: { error: { code, message } } });
    if (path === '/api/auth/signup' && method === 'POST') {
      const { username, password } = body as { username: string; password: string };
      if (this.user && this.user.username === username) return error(409, 'username_taken');
      if (!/^[a-zA-Z0-9_.-]{3,32}$/.test(username) || password.length < 8) return error(400, 'invalid_request', 'username or password too short');
      this.user = { id: 'u1', username, admin: true, createdAt: new Date(this.now).toISOString() };
      this.password = password;
      this.signedIn = true;
      return { status: 201, json: { user: this.user } };
    }
    if (path === '/api/auth/login' && method === 'POST') {
      const { username, password } = body as { username: string; password: string };
      if (!this.user || username !== this.user.username || password !== this.password) return error(401, 'invalid_credentials');
      this.signedIn = true;
      return { status: 200, json: { user: this.user } };
    }
    if (!this.signedIn || !this.user) return error(401, 'unauthenticated');
    if (path === '/api/auth/logout') {
      this.signedIn = false;
      return { status: 204 };
    }
    if (path === '/api/me') return { status: 200, json: { user: this.user, settings: { signupOpen: true } } };
    if (path === '/api/connections/psn') {
      if (method === 'GET') return { status: 200, json: { connection: this.currentConnection() } };
      if (method === 'POST') {
        const npsso = String((body as { npsso: string }).npsso);
        if (!/^[A-Za-z0-9]{64}$/.test(npsso)) return error(400, 'npsso_malformed', 'An NPSSO is 64 characters.');
        if (npsso.startsWith('rejected')) return error(422, 'npsso_rejected', 'Sony rejected the NPSSO.');
        if (npsso.startsWith('unavailable')) return error(503, 'psn_unavailable', 'PSN is unavailable.');
        const short = npsso.startsWith('short');
        this.expiresAt = this.now + (short ? 10 : 60) * DAY;
        this.loadingLeft = this.loadingPolls;
        this.connection = {
          onlineId: 'Trophy_Hunter_42',
          accountId: '2784152354861394612',
          state: 'active',
          stateDetail: null,
          countdown: this.countdown(),
          shortTokenReason: short
            ? "Sony granted a 10-day token. Sony's grants vary by account (10 days and 60 days are both seen on fresh logins), and an old PSN browser session shortens them. Log out of PSN, log back in, copy a new NPSSO and reconnect to try for a longer one."
            : null,
          connectedAt: new Date(this.now).toISOString(),
          autoImport: false,
          titleList: 'loading',
          lastSync: null,
        };
        return { status: 201, json: { connection: this.currentConnection() } };
      }
      if (method === 'PATCH') {
        if (this.connection) this.connection.autoImport = (body as { autoImport: boolean }).autoImport;
        return { status: 200, json: { connection: this.currentConnection() } };
      }
      if (method === 'DELETE') {
        const wipe = url.searchParams.get('wipe') === 'true';
        this.connection = null;
        if (wipe) this.imported.clear();
        return { status: 200, json: { disconnected: true, wiped: wipe } };
      }
    }
    if (path.startsWith('/api/psn') && !this.connection) return error(404, 'not_connected');
    if (path === '/api/psn/titles') {
      if (this.loadingLeft > 0) {
        this.loadingLeft--;
        return { status: 200, json: { state: 'loading', total: 0, preselected: 0, items: [], nextCursor: null } };
      }
      const limit = Number(url.searchParams.get('limit') ?? 200);
      const offset = Number(url.searchParams.get('cursor') ?? 0);
      const matching = this.matching(url).map((t) => ({ ...t.entry, picked: this.imported.has(t.entry.npCommunicationId) }));
      const items = matching.slice(offset, offset + limit);
      return {
        status: 200,
        json: {
          state: 'ready',
          total: matching.length,
          preselected: matching.filter((e) => e.preselected).length,
          items,
          nextCursor: offset + limit < matching.length ? String(offset + limit) : null,
        },
      };
    }
    if (path === '/api/psn/titles/ids') {
      const pre = url.searchParams.get('preselected') === 'true';
      const ids = this.matching(url)
        .filter((t) => !pre || t.entry.preselected)
        .map((t) => t.entry.npCommunicationId);
      return { status: 200, json: { ids } };
    }
    if (path === '/api/psn/sync' && this.refuseSync && this.connection) {
      this.connection.state = 'revoked';
      return error(409, 'psn_reconnect_required', 'PlayStation Network no longer accepts this connection.');
    }
    if (path === '/api/psn/import' || path === '/api/psn/sync') {
      const kind = path.endsWith('import') ? 'import' : 'sync';
      const ids = kind === 'import' ? (body as { npCommunicationIds: string[] }).npCommunicationIds : [...this.imported];
      if (kind === 'import') for (const id of ids) this.imported.add(id);
      if (kind === 'sync') for (const title of this.titles) this.recount(title);
      const run: Run = {
        id: `run-${this.runs.length + 1}`,
        kind,
        state: 'running',
        total: kind === 'sync' ? 1 : ids.length,
        done: 0,
        current: null,
        errors: [],
        newTitles: [],
        requests: 0,
        startedAt: new Date(this.now).toISOString(),
        finishedAt: null,
      };
      this.runs.unshift(run);
      return { status: 202, json: { jobId: `job-${this.runs.length}` } };
    }
    if (path === '/api/sync/runs') {
      this.tick();
      return { status: 200, json: { items: this.runs.slice(0, Number(url.searchParams.get('limit') ?? 20)) } };
    }
    if (path === '/api/sync/events') return { status: 204 };
    const games = this.titles.filter((t) => this.imported.has(t.entry.npCommunicationId));
    if (path === '/api/games') {
      const status = url.searchParams.get('status');
      const platform = url.searchParams.get('platform');
      const sort = url.searchParams.get('sort') ?? 'last-played';
      const q = (url.searchParams.get('q') ?? '').toLowerCase();
      let list = games.map((t) => this.game(t));
      if (platform) list = list.filter((g) => g.platforms.includes(platform));
      if (q) list = list.filter((g) => g.name.toLowerCase().includes(q));
      if (status === 'platinum') list = list.filter((g) => g.platinumEarned);
      if (status === 'completed') list = list.filter((g) => g.progress === 100);
      if (status === 'in-progress') list = list.filter((g) => g.progress > 0 && g.progress < 100);
      const key = (g: Game): string | number =>
        sort === 'name'
          ? g.name
          : sort === 'progress'
            ? g.progress
            : sort === 'points'
              ? g.points.earned
              : Date.parse(g.lastPlayedAt ?? g.lastUpdatedAt ?? '0');
      const order = url.searchParams.get('order') ?? (sort === 'name' ? 'asc' : 'desc');
      list.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0) * (order === 'asc' ? 1 : -1));
      const limit = Number(url.searchParams.get('limit') ?? 50);
      const offset = Number(url.searchParams.get('cursor') ?? 0);
      return {
        status: 200,
        json: { items: list.slice(offset, offset + limit), total: list.length, nextCursor: offset + limit < list.length ? String(offset + limit) : null },
      };
    }
    const one = /^\/api\/games\/([^/]+)$/.exec(path);
    if (one) {
      const title = games.find((t) => t.entry.npCommunicationId === decodeURIComponent(one[1]!));
      if (!title) return error(404, 'not_found');
      const reveal = url.searchParams.get('reveal') === 'true';
      const detail: GameDetail = {
        game: this.game(title),
        groups: title.groups.map((group) => ({
          ...group,
          trophies: group.trophies.map((t) =>
            t.hidden && !t.earned && !reveal ? { ...t, masked: true, name: 'Hidden trophy', detail: '', iconUrl: null } : t,
          ),
        })),
      };
      return { status: 200, json: detail };
    }
    if (path === '/api/stats' && this.failStats) return error(500, 'internal', 'stats failed');
    if (path === '/api/stats') {
      const all = games.map((t) => this.game(t));
      const earned = zero();
      for (const g of all) for (const type of ['bronze', 'silver', 'gold', 'platinum'] as const) earned[type] += g.earned[type];
      const pts = all.reduce((s, g) => s + g.points.earned, 0) + earned.platinum * 300;
      return {
        status: 200,
        json: {
          level: 1 + Math.floor(pts / 60),
          levelProgress: Math.floor(((pts % 60) / 60) * 100),
          points: pts,
          earned,
          platinums: earned.platinum,
          games: all.length,
          completed: all.filter((g) => g.progress === 100).length,
        },
      };
    }
    return error(404, 'not_found');
  }

  /** Serves the built UI from `files` and the API from this fake, for every request of the page. */
  async install(page: Page, files: (path: string) => { body: Buffer; type: string } | null): Promise<void> {
    await page.route('**/*', async (route: Route) => {
      const request = route.request();
      const url = new URL(request.url());
      if (url.pathname.startsWith('/__fake/icon/')) {
        const hue = Number.parseInt(url.pathname.slice(13), 10) || 0;
        const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="hsl(${hue} 70% 55%)"/><stop offset="1" stop-color="hsl(${(hue + 60) % 360} 60% 30%)"/></linearGradient></defs><rect width="64" height="64" fill="url(#g)"/><circle cx="32" cy="30" r="12" fill="rgba(255,255,255,.35)"/></svg>`;
        return route.fulfill({ status: 200, contentType: 'image/svg+xml', body: svg });
      }
      if (url.pathname.startsWith('/api/')) {
        this.requests.push(`${request.method()} ${url.pathname}${url.search}`);
        const raw = request.postData();
        const result = this.answer(request.method(), url, raw ? JSON.parse(raw) : undefined);
        return route.fulfill({ status: result.status, contentType: 'application/json', body: result.json === undefined ? '' : JSON.stringify(result.json) });
      }
      const file = files(url.pathname);
      if (file) return route.fulfill({ status: 200, contentType: file.type, body: file.body });
      return route.fulfill({ status: 404, body: 'not found' });
    });
  }
}
