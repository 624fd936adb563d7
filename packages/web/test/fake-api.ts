/**
 * An in-memory stand-in for the HTTP API, served to the browser through Playwright's request
 * interception. It lets the screens be tested (and photographed) without the server or the
 * simulator; `journey.test.ts` runs the real ones.
 *
 * It is held to the contract (`@trophyroom/contract`) like the server: each request is matched to
 * the contract's route, its query and body are parsed by the route's schemas (400
 * `invalid_request` as the server answers), the handlers are typed by the route's answers, and
 * every answer is checked against the route's schema before it leaves (`answer` throws on a
 * mismatch; `install` records it in `contractViolations`, which the suites assert empty). Points,
 * level and progress are the server's own functions, the countdown too.
 * @module
 */
import {
  type apiError,
  CABINET_PAGE,
  type webhook,
  type webhookDelivery,
  contractProblem,
  type EndpointName,
  type endpoints,
  type ErrorCode,
  eventProblem,
  matchEndpoint,
} from '@trophyroom/contract';
import { countdownOf } from '@trophyroom/vault';
import { obtainableProgress } from '@trophyroom/server/obtainable';
import { levelFor, pointsOf, progressOf } from '@trophyroom/server/trophy-points';
import type { Page, Route } from 'playwright-core';
import type { z } from 'zod';
import type {
  Connection,
  Game,
  GameDetail,
  GamesPage,
  PickerEntry,
  PlatinumEntry,
  Profile,
  Run,
  Stack,
  Stats,
  Trophy,
  TrophyCounts,
  TrophyGroup,
  User,
} from '../src/api/types.ts';

const DAY = 86_400_000;
const adjectives = ['Hollow', 'Crimson', 'Silent', 'Neon', 'Iron', 'Astral', 'Frozen', 'Wild', 'Gilded', 'Broken', 'Lunar', 'Savage', 'Distant', 'Velvet'];
const nouns = ['Crown', 'Frontier', 'Harbor', 'Circuit', 'Tide', 'Legacy', 'Signal', 'Kingdom', 'Drift', 'Oath', 'Echo', 'Garden', 'Rally', 'Vanguard'];
const platformSets = [['PS5'], ['PS4'], ['PS5'], ['PS4'], ['PS3'], ['PS4', 'PSVITA'], ['PS5', 'PSPC'], ['PSVITA']];

/** Every answer of any fake that broke the contract (the browser suites assert it stays empty). */
export const contractViolations: string[] = [];

export interface FakeOptions {
  titles?: number;
  /** Lists stacked together (by title index), as if their trophy sets matched. */
  stacks?: number[][];
  /** The picker answers "loading" this many times after connecting. @default 2 */
  loadingPolls?: number;
  /** Server time. @default 2026-11-25T12:00Z */
  now?: number;
  /** Every title hunted to its platinum (all its trophies earned): a cabinet of `titles` platinums, to page through. @default false */
  hunter?: boolean;
}

interface Title {
  entry: PickerEntry;
  index: number;
  /** The trophy set's description (`detail` of the game). */
  detail: string | null;
  groups: TrophyGroup[];
}

type Routes = typeof endpoints;
type Parsed<N extends EndpointName, K extends 'query' | 'body'> = Routes[N] extends { [P in K]: infer S extends z.ZodType } ? z.output<S> : undefined;
type Input<N extends EndpointName> = { query: Parsed<N, 'query'>; body: Parsed<N, 'body'>; params: Record<string, string> };
type ServerSentEvent<Events> = { [E in keyof Events]: { event: E; data: Events[E] extends z.ZodType ? z.output<Events[E]> : never } }[keyof Events];
type Declared<N extends EndpointName> = Routes[N]['responses'];
/** The answers the contract declares for a route: its status with its body (or events). */
type Success<N extends EndpointName> = {
  [S in keyof Declared<N>]: Declared<N>[S] extends { schema: infer T extends z.ZodType }
    ? { status: S; json: z.output<T> }
    : Declared<N>[S] extends { events: infer E }
      ? { status: S; events: ServerSentEvent<E>[] }
      : { status: S };
}[keyof Declared<N>];
type Failure = { status: 400 | 401 | 403 | 404 | 409 | 422 | 500 | 503; json: z.output<typeof apiError> };
type Answer<N extends EndpointName> = Success<N> | Failure;
type Handlers = { [N in EndpointName]: (input: Input<N>) => Answer<N> };

/** What the fake answers: a status with a JSON body, no body, or the events of a stream. */
export interface FakeAnswer {
  status: number;
  json?: unknown;
  events?: Array<{ event: string; data: unknown }>;
}

function failure(status: Failure['status'], code: ErrorCode, message: string, details?: Record<string, unknown>): Failure {
  return { status, json: { error: { code, message, ...(details ? { details } : {}) } } };
}

/** The server's 400 for a query or body its schema refuses (packages/server/src/http/route.ts). */
function invalid(issues: z.core.$ZodIssue[], where: 'query' | 'body'): Failure {
  const list = issues.map((i) => ({ path: [where, ...i.path.map(String)].join('.'), message: i.message }));
  const first = list[0];
  return failure(400, 'invalid_request', first ? `${first.path}: ${first.message}` : `The ${where} is not valid.`, { issues: list });
}

function zero(): TrophyCounts {
  return { bronze: 0, silver: 0, gold: 0, platinum: 0 };
}

function countsOf(trophies: Trophy[], earnedOnly: boolean): TrophyCounts {
  const counts = zero();
  for (const trophy of trophies) if (!earnedOnly || trophy.earned) counts[trophy.type]++;
  return counts;
}

/** The games page's keyset cursor, as the server makes it: the last row's sort value and id. */
const encodeCursor = (value: string | number, id: string) => Buffer.from(JSON.stringify([value, id])).toString('base64url');
function decodeCursor(cursor: string): [string | number, string] | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(parsed) && parsed.length === 2 && (typeof parsed[0] === 'string' || typeof parsed[0] === 'number') && typeof parsed[1] === 'string')
      return parsed as [string | number, string];
  } catch {}
  return undefined;
}

/** The cabinet's cursor: the fake's own (base64url of `after:<number>`), as opaque to the UI as the server's. */
const encodePlatinumCursor = (after: number) => Buffer.from(`after:${after}`).toString('base64url');
function decodePlatinumCursor(cursor: string): number | undefined {
  const match = /^after:(\d{1,9})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  return match ? Number(match[1]) : undefined;
}

const unauthenticated = () => failure(401, 'unauthenticated', 'Sign in first (or send a personal API token as a Bearer token).');
const notConnected = () => failure(404, 'not_connected', 'No PlayStation account is connected. Connect one in Settings first.');

export class FakeApi {
  now: number;
  signedIn = false;
  user: User | null = null;
  password = '';
  signupOpen = true;
  connection: Connection | null = null;
  expiresAt = 0;
  loadingLeft = 0;
  /** Whether the PSN title list has been fetched (on connect; a disconnect with wipe drops it). */
  listed = false;
  readonly titles: Title[] = [];
  readonly imported = new Set<string>();
  /** Imported titles whose trophies the import has not fetched yet (`syncedAt: null`). */
  readonly unsynced = new Set<string>();
  /** "Sync now" finds the connection revoked by PSN meanwhile (a background sync saw it): 409. */
  refuseSync = false;
  /** Titles whose import fails on PSN (503): the run waits for a retry, then ends partial with a retry pass set. */
  readonly failingTitles = new Set<string>();
  /** The failing titles of each run still going. */
  private readonly runFailures = new Map<string, string[]>();
  /** `GET /api/stats` answers 500. */
  failStats = false;
  readonly runs: Run[] = [];
  readonly tokens: Array<{ id: string; name: string; createdAt: string; lastUsedAt: string | null }> = [];
  /** Every request the page made: method and path. */
  readonly requests: string[] = [];
  /** Webhooks and their deliveries (a test delivery is "delivered" at once). */
  readonly webhooks: Array<z.output<typeof webhook>> = [];
  readonly deliveries = new Map<string, Array<z.output<typeof webhookDelivery>>>();
  /** The share's token while sharing is on. */
  shareToken: string | null = null;
  shareSince: string | null = null;
  /** Trophies flagged unobtainable, by `npCommunicationId:trophyId`. */
  readonly flags = new Map<string, { source: string; note: string | null; at: string }>();
  private shares = 0;
  private readonly loadingPolls: number;
  private readonly hunter: boolean;
  /** Each stacked list's stack id (`set:…` from the options, `hand:…` joined, `solo:…` split off). */
  readonly stackKeys = new Map<string, string>();

  constructor(options: FakeOptions = {}) {
    this.now = options.now ?? Date.parse('2026-11-25T12:00:00Z');
    this.loadingPolls = options.loadingPolls ?? 2;
    this.hunter = options.hunter ?? false;
    const count = options.titles ?? 60;
    for (let i = 0; i < count; i++) this.titles.push(this.makeTitle(i));
    for (const [n, members] of (options.stacks ?? []).entries())
      for (const i of members) if (this.titles[i]) this.stackKeys.set(this.titles[i].entry.npCommunicationId, `set:fake${n}`);
  }

  /** Title i was last played 4i days ago: the first eight fall in the picker's 30 recent days. */
  private makeTitle(i: number): Title {
    const platforms = platformSets[i % platformSets.length]!;
    const legacy = platforms.includes('PS3') || platforms[0] === 'PSVITA';
    const id = `NPWR${String(10000 + i).padStart(5, '0')}_00`;
    const size = 8 + ((i * 7) % 14);
    const engagement = this.hunter ? 1 : ((i * 37) % 100) / 100;
    const lastUpdatedAt = this.now - (4 * i + 1) * DAY;
    const trophies: Trophy[] = [];
    for (let t = 0; t < size; t++) {
      const type = t === 0 && (size > 12 || this.hunter) ? 'platinum' : t % 7 === 1 ? 'gold' : t % 3 === 1 ? 'silver' : 'bronze';
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
        earnedAt: earned ? new Date(lastUpdatedAt - t * 3_600_000).toISOString() : null,
        progress: progressTarget ? (earned ? 50 : 17 + (i % 20)) : null,
        progressTarget,
        rarity: rarity === null ? null : Math.round(rarity * 10) / 10,
        tier: rarity === null ? null : rarity <= 5 ? 'ultraRare' : rarity <= 15 ? 'veryRare' : rarity <= 50 ? 'rare' : 'common',
        reward: null,
        unobtainable: null,
      });
    }
    const name = `${adjectives[i % adjectives.length]} ${nouns[(i * 3 + Math.floor(i / adjectives.length)) % nouns.length]}${i >= 14 ? ` ${['II', 'III', 'Remastered', 'Origins', 'Deluxe'][i % 5]}` : ''}`;
    const iconUrl = `/__fake/icon/${(i * 67) % 360}.svg`;
    const groups: TrophyGroup[] = [
      { id: 'default', name, detail: null, iconUrl, progress: 0, obtainableProgress: 0, earned: zero(), defined: zero(), trophies },
    ];
    if (i % 5 === 2) {
      const dlc: Trophy[] = [0, 1, 2].map((k) => ({
        ...trophies[1]!,
        id: size + k,
        type: k === 2 ? 'gold' : 'bronze',
        name: `Expansion feat ${k + 1}`,
        detail: 'A challenge of the expansion.',
        hidden: false,
        earned: k === 0 && engagement > 0.3,
        earnedAt: k === 0 && engagement > 0.3 ? new Date(lastUpdatedAt).toISOString() : null,
        progress: null,
        progressTarget: null,
      }));
      groups.push({
        id: '001',
        name: 'The Sunken Isles',
        detail: 'Story expansion',
        iconUrl: `/__fake/icon/${(i * 53) % 360}.svg`,
        progress: 0,
        obtainableProgress: 0,
        earned: zero(),
        defined: zero(),
        trophies: dlc,
      });
    }
    const lastPlayedAt = legacy ? null : lastUpdatedAt + DAY - 3_600_000;
    const entry: PickerEntry = {
      npCommunicationId: id,
      name,
      iconUrl,
      platforms,
      progress: 0,
      earned: zero(),
      defined: zero(),
      lastUpdatedAt: new Date(lastUpdatedAt).toISOString(),
      lastPlayedAt: lastPlayedAt === null ? null : new Date(lastPlayedAt).toISOString(),
      playSeconds: legacy ? null : 3600 * (i + 2),
      hidden: false,
      picked: false,
      preselected: (lastPlayedAt ?? lastUpdatedAt) >= this.now - 30 * DAY,
    };
    const title = { entry, index: i, detail: legacy ? null : `The trophies of ${name}.`, groups };
    this.recount(title);
    return title;
  }

  private recount(title: Title): void {
    for (const group of title.groups) {
      group.earned = countsOf(group.trophies, true);
      group.defined = countsOf(group.trophies, false);
      group.progress = progressOf(group.defined, group.earned);
    }
    const all = title.groups.flatMap((group) => group.trophies);
    title.entry.earned = countsOf(all, true);
    title.entry.defined = countsOf(all, false);
    title.entry.progress = progressOf(title.entry.defined, title.entry.earned);
  }

  private currentConnection(): Connection | null {
    if (!this.connection) return null;
    const countdown = countdownOf(new Date(this.expiresAt).toISOString(), this.now);
    const last = this.runs[0];
    const state = countdown.state === 'expired' && this.connection.state === 'active' ? 'expired' : this.connection.state;
    return {
      ...this.connection,
      state,
      health:
        state === 'expired' || state === 'revoked'
          ? {
              kind: 'reconnect',
              message: this.connection.stateDetail ?? 'The PSN token no longer works: paste a fresh NPSSO to reconnect.',
              since: null,
              retryAt: null,
            }
          : this.connection.health,
      countdown,
      titleList: this.loadingLeft > 0 ? 'loading' : 'ready',
      lastSync: last ? { runId: last.id, kind: last.kind, state: last.state, at: last.finishedAt ?? last.startedAt } : null,
    };
  }

  /** The server's check before import and sync: connected, and the connection usable. */
  private unusable(): Failure | undefined {
    const connection = this.currentConnection();
    if (!connection) return notConnected();
    if (connection.state !== 'active')
      return failure(409, 'psn_reconnect_required', `The PlayStation connection is ${connection.state}. Connect again with a fresh NPSSO.`, {
        state: connection.state,
      });
    return undefined;
  }

  /** Moves every running run forward one step (called on each poll). */
  private tick(): void {
    for (const run of this.runs) {
      if (run.state !== 'running') continue;
      // A failing title waits for its retry from the first step on, as the server's run says.
      const failing = this.runFailures.get(run.id) ?? [];
      if (failing.length > 0 && run.errors.length === 0)
        run.errors = failing.map((id) => ({
          npCommunicationId: id,
          kind: 'server',
          message: 'PlayStation Network answered 503 (Service Unavailable).',
          retryAt: new Date(this.now + 30_000).toISOString(),
        }));
      run.done = Math.min(run.total, run.done + Math.max(1, Math.ceil(run.total / 4)));
      run.current = this.titles.find((t) => this.imported.has(t.entry.npCommunicationId))?.entry.name ?? null;
      // As the server estimates: a request a title, the first 300 at once, then one every 3 s.
      run.remainingRequests = run.total - run.done;
      const seconds = Math.max(0, run.remainingRequests - 300) * 3;
      run.estimatedSecondsLeft = seconds;
      run.estimatedFinishAt = new Date(this.now + seconds * 1000).toISOString();
      if (run.done >= run.total) {
        run.remainingRequests = 0;
        run.estimatedSecondsLeft = null;
        run.estimatedFinishAt = null;
        run.state = run.errors.length > 0 ? 'partial' : 'succeeded';
        for (const error of run.errors) error.retryAt = new Date(this.now + 15 * 60_000).toISOString();
        run.current = null;
        run.finishedAt = new Date(this.now).toISOString();
      }
    }
  }

  private pickerEntries(query: { q?: string | undefined; platform?: string | undefined; recentDays: number }): PickerEntry[] {
    if (!this.listed) return [];
    const q = query.q?.trim().toLowerCase();
    const platform = query.platform?.toUpperCase();
    const since = this.now - query.recentDays * DAY;
    return this.titles
      .filter((t) => (!q || t.entry.name.toLowerCase().includes(q)) && (!platform || t.entry.platforms.includes(platform)))
      .map((t) => {
        const picked = this.imported.has(t.entry.npCommunicationId);
        const activity = Date.parse(t.entry.lastPlayedAt ?? t.entry.lastUpdatedAt);
        return { ...t.entry, picked, preselected: picked || activity >= since };
      });
  }

  /** The stack of an imported list (its versions newest first), when 2+ imported lists share its key. */
  private stackOf(id: string): Stack | null {
    const key = this.stackKeys.get(id);
    if (!key) return null;
    const members = this.importedTitles()
      .filter((t) => this.stackKeys.get(t.entry.npCommunicationId) === key)
      .sort((a, b) => (a.entry.lastUpdatedAt < b.entry.lastUpdatedAt ? 1 : -1));
    if (members.length < 2) return null;
    const versions = members.map((t) => {
      const g = this.game(t);
      return {
        npCommunicationId: g.npCommunicationId,
        name: g.name,
        iconUrl: g.iconUrl,
        platforms: g.platforms,
        progress: g.progress,
        earned: g.earned,
        defined: g.defined,
        platinumEarned: g.platinumEarned,
        lastUpdatedAt: g.lastUpdatedAt,
      };
    });
    const first = versions[0]!;
    return { id: key, name: first.name, iconUrl: first.iconUrl, joinedByHand: key.startsWith('hand:'), versions };
  }

  private unknownOf(ids: string[]): string[] {
    const known = new Set(this.importedTitles().map((t) => t.entry.npCommunicationId));
    return ids.filter((id) => !known.has(id));
  }

  /** A title's trophies with the user's unobtainable flags. */
  private flagged(title: Title): TrophyGroup[] {
    return title.groups.map((group) => {
      const trophies = group.trophies.map((t) => ({ ...t, unobtainable: this.flags.get(`${title.entry.npCommunicationId}:${t.id}`) ?? null }));
      const points = pointsOf({
        ...countsOf(
          trophies.filter((t) => t.unobtainable && !t.earned),
          false,
        ),
        platinum: 0,
      });
      return { ...group, trophies, obtainableProgress: obtainableProgress(group.progress, group.defined, group.earned, points) };
    });
  }

  /** As the server keeps them: obtainable progress, flagged trophies, what is missing in the base game and the DLC. */
  private facts(title: Title): Pick<Game, 'obtainableProgress' | 'unobtainable' | 'dlc'> {
    const groups = this.flagged(title);
    const all = groups.flatMap((g) => g.trophies);
    const flagged = all.filter((t) => t.unobtainable && !t.earned);
    const missing = (pick: (id: string) => boolean) =>
      groups
        .filter((g) => pick(g.id))
        .flatMap((g) => g.trophies)
        .filter((t) => !t.earned && !t.unobtainable && (t.type !== 'platinum' || flagged.length === 0)).length;
    const synced = !this.unsynced.has(title.entry.npCommunicationId);
    const e = title.entry;
    return {
      obtainableProgress: obtainableProgress(e.progress, e.defined, e.earned, pointsOf({ ...countsOf(flagged, false), platinum: 0 })),
      unobtainable: flagged.length,
      dlc: {
        groups: groups.length - 1,
        baseMissing: synced ? missing((id) => id === 'default') : null,
        dlcMissing: synced ? missing((id) => id !== 'default') : null,
      },
    };
  }

  private game(title: Title): Game {
    const e = title.entry;
    return {
      npCommunicationId: e.npCommunicationId,
      name: e.name,
      iconUrl: e.iconUrl,
      platforms: e.platforms,
      progress: e.progress,
      earned: e.earned,
      defined: e.defined,
      points: { earned: pointsOf(e.earned), total: pointsOf(e.defined) },
      hasPlatinum: e.defined.platinum > 0,
      platinumEarned: e.earned.platinum > 0,
      lastPlayedAt: e.lastPlayedAt,
      lastUpdatedAt: e.lastUpdatedAt,
      playSeconds: e.playSeconds,
      syncedAt: this.unsynced.has(e.npCommunicationId) ? null : new Date(this.now).toISOString(),
      goneFromPsnAt: null,
      countsDroppedAt: null,
      ...this.facts(title),
    };
  }

  private importedTitles(): Title[] {
    return this.titles.filter((t) => this.imported.has(t.entry.npCommunicationId));
  }

  private startRun(kind: 'import' | 'sync', total: number): string {
    const jobId = `job-${this.runs.length + 1}`;
    const run: Run = {
      id: `run-${this.runs.length + 1}`,
      kind,
      state: 'running',
      total,
      done: 0,
      current: null,
      errors: [],
      newTitles: [],
      requests: 0,
      startedAt: new Date(this.now).toISOString(),
      finishedAt: null,
      jobId,
      remainingRequests: total,
      estimatedSecondsLeft: Math.max(0, total - 300) * 3,
      estimatedFinishAt: new Date(this.now + Math.max(0, total - 300) * 3000).toISOString(),
      priority: [],
    };
    this.runs.unshift(run);
    return jobId;
  }

  /** An import of the user's that has not ended, or the refusal the server gives. */
  private openImport(id: string): Run | Failure {
    const run = this.runs.find((r) => r.id === id);
    if (!run) return failure(404, 'not_found', 'That sync run was not found.');
    if (run.kind !== 'import' || !['running', 'waiting', 'paused', 'interrupted'].includes(run.state))
      return failure(
        409,
        'run_not_open',
        `Only an import that has not ended can be paused, resumed or re-ordered; this run is a ${run.kind} that is ${run.state}.`,
      );
    return run;
  }

  /** The server's refusal of a flag or list naming what is not in the imported games; undefined when all are known. */
  private unknownTrophies(refs: ReadonlyArray<{ npCommunicationId: string; trophyId: number }>): Failure | undefined {
    const titles = [...new Set(refs.map((r) => r.npCommunicationId))].filter((id) => !this.importedTitles().some((t) => t.entry.npCommunicationId === id));
    const trophies = refs.filter((r) => {
      const title = this.importedTitles().find((t) => t.entry.npCommunicationId === r.npCommunicationId);
      return title && !title.groups.some((g) => g.trophies.some((t) => t.id === r.trophyId));
    });
    if (!titles.length && !trophies.length) return undefined;
    const named = [...titles.map((id) => `title ${id}`), ...trophies.map((t) => `trophy ${t.trophyId} of ${t.npCommunicationId}`)];
    return failure(
      400,
      'unknown_trophies',
      `Nothing was flagged: ${named.length} ${named.length === 1 ? 'entry names' : 'entries name'} what is not in your imported games (${named.join(', ')}). Import those games first, or fix the list.`,
      { titles, trophies: trophies.map((t) => ({ npCommunicationId: t.npCommunicationId, trophyId: t.trophyId })) },
    );
  }

  private flagList() {
    return [...this.flags.entries()].map(([key, f]) => {
      const [id, trophyId] = key.split(':') as [string, string];
      const title = this.titles.find((t) => t.entry.npCommunicationId === id)!;
      const trophy = title.groups.flatMap((g) => g.trophies).find((t) => t.id === Number(trophyId))!;
      return {
        npCommunicationId: id,
        trophyId: Number(trophyId),
        title: title.entry.name,
        name: trophy.name,
        source: f.source,
        note: f.note,
        flaggedAt: f.at,
        earned: trophy.earned,
      };
    });
  }

  /** Every platinum of the imported games, first earned first, numbered from 1, as the server orders them. */
  private cabinet(): PlatinumEntry[] {
    return this.importedTitles()
      .flatMap((t) => {
        const all = t.groups.flatMap((g) => g.trophies);
        const platinum = all.find((x) => x.type === 'platinum' && x.earned);
        if (!platinum) return [];
        const first =
          all
            .filter((x) => x.earned && x.earnedAt)
            .map((x) => x.earnedAt as string)
            .sort()[0] ?? null;
        return [{ t, at: platinum.earnedAt, first }];
      })
      .sort((a, b) => (a.at ?? '~').localeCompare(b.at ?? '~') || a.t.entry.npCommunicationId.localeCompare(b.t.entry.npCommunicationId))
      .map(({ t, at, first }, i) => ({
        number: i + 1,
        npCommunicationId: t.entry.npCommunicationId,
        name: t.entry.name,
        iconUrl: t.entry.iconUrl,
        platforms: t.entry.platforms,
        earnedAt: at,
        firstEarnedAt: first,
        secondsToPlatinum: at && first ? Math.round((Date.parse(at) - Date.parse(first)) / 1000) : null,
      }));
  }

  /** The profile as the server makes it, from the imported games. */
  private profile(stats: Stats): Profile {
    const games = this.importedTitles();
    const today = new Date(this.now).toISOString().slice(0, 10);
    const from = new Date(Date.parse(today) - 364 * DAY).toISOString().slice(0, 10);
    const earned = games.flatMap((t) => t.groups.flatMap((g) => g.trophies.filter((x) => x.earned).map((x) => ({ title: t, trophy: x }))));
    const platinums = this.cabinet();
    const byDay = new Map<string, number>();
    for (const { trophy } of earned) {
      const day = trophy.earnedAt?.slice(0, 10);
      if (day && day >= from && day <= today) byDay.set(day, (byDay.get(day) ?? 0) + 1);
    }
    const days = [...byDay.entries()].sort().map(([date, count]) => ({ date, count }));
    const months: Array<{ month: string; count: number }> = [];
    for (let d = new Date(`${from.slice(0, 7)}-01T00:00:00Z`); d.toISOString().slice(0, 7) <= today.slice(0, 7); d.setUTCMonth(d.getUTCMonth() + 1))
      months.push({
        month: d.toISOString().slice(0, 7),
        count: days.filter((x) => x.date.startsWith(d.toISOString().slice(0, 7))).reduce((n, x) => n + x.count, 0),
      });
    const rarest = earned
      .filter(({ trophy }) => trophy.rarity !== null)
      .sort((a, b) => (a.trophy.rarity as number) - (b.trophy.rarity as number) || (b.trophy.earnedAt ?? '').localeCompare(a.trophy.earnedAt ?? ''))
      .slice(0, 10)
      .map(({ title, trophy }) => ({
        npCommunicationId: title.entry.npCommunicationId,
        title: title.entry.name,
        trophyId: trophy.id,
        name: trophy.name,
        type: trophy.type,
        iconUrl: trophy.iconUrl,
        rarity: trophy.rarity as number,
        earnedAt: trophy.earnedAt,
      }));
    const platforms = new Map<string, { games: number; completed: number; platinums: number; progress: number }>();
    for (const t of games)
      for (const platform of t.entry.platforms) {
        const p = platforms.get(platform) ?? { games: 0, completed: 0, platinums: 0, progress: 0 };
        p.games++;
        p.completed += this.facts(t).obtainableProgress === 100 ? 1 : 0;
        p.platinums += t.entry.earned.platinum > 0 ? 1 : 0;
        p.progress += t.entry.progress;
        platforms.set(platform, p);
      }
    const timed = platinums.filter((p) => p.secondsToPlatinum !== null).sort((a, b) => (a.secondsToPlatinum as number) - (b.secondsToPlatinum as number));
    return {
      level: { level: stats.level, progress: stats.levelProgress, tier: stats.tier, nextLevelAt: levelFor(stats.points).nextLevelAt },
      points: stats.points,
      earned: stats.earned,
      titles: stats.titles,
      games: stats.games,
      completed: stats.completed,
      platinums: platinums.slice(0, CABINET_PAGE),
      platinumCount: platinums.length,
      platinumsNext: platinums.length > CABINET_PAGE ? encodePlatinumCursor(CABINET_PAGE) : null,
      calendar: { from, to: today, days, max: Math.max(0, ...days.map((d) => d.count)), total: days.reduce((n, d) => n + d.count, 0) },
      months,
      rarest,
      platforms: [...platforms.entries()]
        .map(([platform, p]) => ({ platform, games: p.games, completed: p.completed, platinums: p.platinums, progress: Math.floor(p.progress / p.games) }))
        .sort((a, b) => b.games - a.games || a.platform.localeCompare(b.platform)),
      timeToPlatinum: {
        fastest: timed[0] ?? null,
        slowest: timed.at(-1) ?? null,
        medianSeconds: timed.length ? (timed[Math.floor((timed.length - 1) / 2)]?.secondsToPlatinum ?? null) : null,
      },
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

  /** One handler per route of the contract, typed by the answers the contract declares. */
  private readonly handlers: Handlers = {
    signup: ({ body }) => {
      if (this.user && !this.signupOpen) return failure(403, 'signup_closed', 'Sign-up is closed on this instance. Ask its admin for an account.');
      if (this.user?.username === body.username) return failure(409, 'username_taken', `The name "${body.username}" is taken. Choose another.`);
      this.user = { id: 'u1', username: body.username, admin: this.user === null, createdAt: new Date(this.now).toISOString() };
      this.password = body.password;
      this.signedIn = true;
      return { status: 201, json: { user: this.user } };
    },
    login: ({ body }) => {
      if (!this.user || body.username !== this.user.username || body.password !== this.password)
        return failure(401, 'invalid_credentials', 'That name and password do not match an account.');
      this.signedIn = true;
      return { status: 200, json: { user: this.user } };
    },
    logout: () => {
      this.signedIn = false;
      return { status: 204 };
    },
    me: () => ({ status: 200, json: { user: this.user!, settings: { signupOpen: this.signupOpen } } }),
    updateSettings: ({ body }) => {
      this.signupOpen = body.signupOpen;
      return { status: 200, json: { settings: { signupOpen: this.signupOpen } } };
    },
    listTokens: () => ({ status: 200, json: { items: this.tokens } }),
    createToken: ({ body }) => {
      const token = { id: `t${this.tokens.length + 1}`, name: body.name, createdAt: new Date(this.now).toISOString(), lastUsedAt: null };
      this.tokens.push(token);
      return { status: 201, json: { ...token, token: `trp_fake${this.tokens.length}` } };
    },
    revokeToken: ({ params }) => {
      const index = this.tokens.findIndex((t) => t.id === params.id);
      if (index < 0) return failure(404, 'not_found', 'That token was not found.');
      this.tokens.splice(index, 1);
      return { status: 204 };
    },

    connect: ({ body }) => {
      const npsso = body.npsso;
      if (!/^[A-Za-z0-9]{64}$/.test(npsso)) return failure(400, 'npsso_malformed', 'An NPSSO is 64 letters and digits.');
      if (npsso.startsWith('rejected')) return failure(422, 'npsso_rejected', 'Sony rejected the NPSSO.');
      if (npsso.startsWith('unavailable'))
        return failure(503, 'psn_unavailable', 'PlayStation Network could not be reached or answered badly (network). Try again later.');
      const short = npsso.startsWith('short');
      this.expiresAt = this.now + (short ? 10 : 60) * DAY;
      this.loadingLeft = this.loadingPolls;
      this.listed = true;
      this.connection = {
        onlineId: 'Trophy_Hunter_42',
        accountId: '2784152354861394612',
        state: 'active',
        stateDetail: null,
        countdown: countdownOf(new Date(this.expiresAt).toISOString(), this.now),
        shortTokenReason: short
          ? "Sony granted a 10-day token. Sony's grants vary by account (10 days and 60 days are both seen on fresh logins), and an old PSN browser session shortens them. Log out of PSN, log back in, copy a new NPSSO and reconnect to try for a longer one."
          : null,
        connectedAt: new Date(this.now).toISOString(),
        autoImport: false,
        titleList: 'loading',
        lastSync: null,
        health: { kind: 'ok', message: null, since: null, retryAt: null },
        grant: { grantedAt: new Date(this.now).toISOString(), lifetimeSeconds: short ? 863_999 : 5_183_999, lifetimeDays: short ? 10 : 60 },
      };
      return { status: 201, json: { connection: this.currentConnection()! } };
    },
    connection: () => ({ status: 200, json: { connection: this.currentConnection() } }),
    updateConnection: ({ body }) => {
      if (!this.connection) return notConnected();
      this.connection.autoImport = body.autoImport;
      return { status: 200, json: { connection: this.currentConnection()! } };
    },
    disconnect: ({ query }) => {
      const wipe = query.wipe === 'true';
      const disconnected = this.connection !== null;
      this.connection = null;
      if (wipe) {
        this.imported.clear();
        this.unsynced.clear();
        this.runs.length = 0;
        this.listed = false;
      }
      return { status: 200, json: { disconnected, wiped: wipe } };
    },

    pickerTitles: ({ query }) => {
      if (this.loadingLeft > 0) {
        this.loadingLeft--;
        return { status: 200, json: { state: 'loading', total: 0, preselected: 0, items: [], nextCursor: null } };
      }
      const matching = this.pickerEntries(query);
      const offset = Number(query.cursor ?? 0);
      const next = offset + query.limit;
      return {
        status: 200,
        json: {
          state: 'ready',
          total: matching.length,
          preselected: matching.filter((e) => e.preselected).length,
          items: matching.slice(offset, next),
          nextCursor: next < matching.length ? String(next) : null,
        },
      };
    },
    pickerIds: ({ query }) => ({
      status: 200,
      json: { ids: this.pickerEntries(query).flatMap((e) => (query.preselected === 'false' || e.preselected ? [e.npCommunicationId] : [])) },
    }),
    importTitles: ({ body }) => {
      const refused = this.unusable();
      if (refused) return refused;
      const known = new Set(this.listed ? this.titles.map((t) => t.entry.npCommunicationId) : []);
      const unknown = body.npCommunicationIds.filter((id) => !known.has(id));
      if (unknown.length)
        return failure(400, 'unknown_titles', `${unknown.length} of these titles are not in your PSN title list (${unknown.slice(0, 3).join(', ')}…).`, {
          unknown: unknown.slice(0, 100),
        });
      const ids = [...new Set(body.npCommunicationIds)];
      for (const id of ids) this.imported.add(id);
      const jobId = this.startRun('import', ids.length);
      const failing = ids.filter((id) => this.failingTitles.has(id));
      for (const id of failing) this.unsynced.add(id);
      if (failing.length > 0) this.runFailures.set(this.runs[0]?.id as string, failing);
      return { status: 202, json: { jobId } };
    },
    syncNow: () => {
      if (this.refuseSync && this.connection) this.connection.state = 'revoked';
      const refused = this.unusable();
      if (refused) return refused;
      const queued = this.runs.find((r) => r.kind === 'sync' && r.state === 'running');
      if (queued?.jobId) return { status: 202, json: { jobId: queued.jobId } };
      for (const title of this.titles) this.recount(title);
      return { status: 202, json: { jobId: this.startRun('sync', 1) } };
    },
    runs: ({ query }) => {
      this.tick();
      const runs = query.jobId ? this.runs.filter((r) => r.jobId === query.jobId) : this.runs;
      return { status: 200, json: { items: runs.slice(0, query.limit) } };
    },
    run: ({ params }) => {
      const run = this.runs.find((r) => r.id === params.id);
      return run ? { status: 200, json: { run } } : failure(404, 'not_found', 'That sync run was not found.');
    },
    pauseRun: ({ params }) => {
      const run = this.openImport(params.id as string);
      if ('status' in run) return run;
      run.state = 'paused';
      run.estimatedSecondsLeft = null;
      run.estimatedFinishAt = null;
      return { status: 200, json: { run } };
    },
    resumeRun: ({ params }) => {
      const run = this.openImport(params.id as string);
      if ('status' in run) return run;
      if (run.state !== 'paused') return failure(409, 'run_not_paused', `This import is ${run.state}, not paused: there is nothing to resume.`);
      run.state = 'running';
      return { status: 200, json: { run } };
    },
    prioritiseRun: ({ params, body }) => {
      const run = this.openImport(params.id as string);
      if ('status' in run) return run;
      const known = new Set(this.titles.map((t) => t.entry.npCommunicationId));
      const unknown = body.npCommunicationIds.filter((id) => !known.has(id));
      if (unknown.length) return failure(400, 'unknown_titles', `${unknown.length} of these titles are not in your PSN title list.`, { unknown });
      run.priority = [...new Set([...body.npCommunicationIds, ...run.priority])];
      return { status: 200, json: { run } };
    },
    runEvents: ({ params }) => {
      const run = this.runs.find((r) => r.id === params.id);
      if (!run) return failure(404, 'not_found', 'That sync run was not found.');
      // The whole stream at once: Playwright fulfils a request with a complete body.
      return { status: 200, events: [{ event: 'progress', data: run }, ...(run.state === 'running' ? [] : [{ event: 'end' as const, data: run }])] };
    },
    syncEvents: () => {
      // What the server sends first: every run active in the last minute. The stream then ends and
      // EventSource reconnects, as it would after a dropped connection; each reconnect sees the runs further on.
      this.tick();
      const since = new Date(this.now - 60_000).toISOString();
      const recent = this.runs.filter((r) => r.state === 'running' || (r.finishedAt ?? r.startedAt) >= since);
      return { status: 200, events: recent.map((run) => ({ event: 'progress' as const, data: run })) };
    },

    games: ({ query }) => {
      let list = this.importedTitles().map((t) => this.game(t));
      if (query.platform) list = list.filter((g) => g.platforms.includes(query.platform as string));
      if (query.q) list = list.filter((g) => g.name.toLowerCase().includes((query.q as string).toLowerCase()));
      if (query.status === 'platinum') list = list.filter((g) => g.earned.platinum > 0);
      else if (query.status === 'completed') list = list.filter((g) => g.obtainableProgress === 100);
      else if (query.status === 'base-complete') list = list.filter((g) => g.dlc.baseMissing === 0);
      else if (query.status === 'dlc-complete') list = list.filter((g) => g.dlc.groups > 0 && g.dlc.baseMissing === 0 && g.dlc.dlcMissing === 0);
      else if (query.status === 'platinum-dlc-missing') list = list.filter((g) => g.earned.platinum > 0 && (g.dlc.dlcMissing ?? 0) > 0);
      else if (query.status === 'in-progress') list = list.filter((g) => g.progress > 0 && g.progress < 100);
      else if (query.status === 'not-started') list = list.filter((g) => g.progress === 0);
      // The server's sort keys (packages/server/src/repositories/library.repository.ts), ties broken by id.
      const key = (g: Game): string | number =>
        query.sort === 'name'
          ? g.name.toLowerCase()
          : query.sort === 'progress'
            ? g.progress
            : query.sort === 'points'
              ? g.points.earned
              : (g.lastPlayedAt ?? g.lastUpdatedAt);
      const order = query.order ?? (query.sort === 'name' ? 'asc' : 'desc');
      const sign = order === 'asc' ? 1 : -1;
      const compare = (a: [string | number, string], b: [string | number, string]) =>
        sign * (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0);
      let rows = list.map((g) => ({ game: g, at: [key(g), g.npCommunicationId] as [string | number, string] })).sort((a, b) => compare(a.at, b.at));
      const total = rows.length;
      if (query.cursor) {
        const after = decodeCursor(query.cursor);
        if (!after) return failure(400, 'invalid_cursor', 'The cursor is not one this server gave out. Start again from the first page.');
        rows = rows.filter((r) => compare(r.at, after) > 0);
      }
      const page = rows.slice(0, query.limit);
      const last = page.at(-1);
      const answer: GamesPage = {
        items: page.map((r) => r.game),
        nextCursor: rows.length > query.limit && last ? encodeCursor(...last.at) : null,
        total,
      };
      return { status: 200, json: answer };
    },
    game: ({ params, query }) => {
      const title = this.importedTitles().find((t) => t.entry.npCommunicationId === params.npCommunicationId);
      if (!title) return failure(404, 'not_found', 'That game (not imported, or not yours) was not found.');
      const reveal = query.reveal === 'true';
      const detail: GameDetail = {
        game: { ...this.game(title), detail: title.detail },
        groups: this.flagged(title).map((group) => ({
          ...group,
          trophies: group.trophies.map((t) =>
            t.hidden && !t.earned && !reveal ? { ...t, masked: true, name: 'Hidden trophy', detail: '', iconUrl: null, reward: null } : t,
          ),
        })),
      };
      return { status: 200, json: detail };
    },
    stats: () => {
      if (this.failStats) return failure(500, 'internal', 'Something went wrong on the server. It has been logged; try again.');
      // As the server counts: earned trophies over the whole PSN title list, games over the imported ones.
      const listed = this.listed ? this.titles : [];
      const earned = zero();
      for (const t of listed) for (const type of ['bronze', 'silver', 'gold', 'platinum'] as const) earned[type] += t.entry.earned[type];
      const points = pointsOf(earned);
      const level = levelFor(points);
      const games = this.importedTitles();
      const stats: Stats = {
        level: level.level,
        levelProgress: level.progress,
        tier: level.tier,
        points,
        earned,
        platinums: earned.platinum,
        titles: listed.length,
        games: games.length,
        completed: games.filter((t) => this.facts(t).obtainableProgress === 100).length,
      };
      return { status: 200, json: stats };
    },
    profile: () => {
      const stats = this.handlers.stats({ query: undefined, body: undefined, params: {} });
      if (!('json' in stats) || 'error' in stats.json) return failure(500, 'internal', 'Something went wrong.');
      return { status: 200, json: this.profile(stats.json) };
    },
    profilePlatinums: ({ query }) => {
      const all = this.cabinet();
      const after = query.cursor === undefined ? 0 : decodePlatinumCursor(query.cursor);
      if (after === undefined || after > all.length)
        return failure(400, 'invalid_cursor', 'That cursor is not one this list gave. Start again from the profile.');
      const items = all.slice(after, after + query.limit);
      const end = after + items.length;
      return { status: 200, json: { items, total: all.length, nextCursor: end < all.length ? encodePlatinumCursor(end) : null } };
    },
    unobtainable: () => ({ status: 200, json: { items: this.flagList() } }),
    flagUnobtainable: ({ body }) => {
      const unknown = this.unknownTrophies([body]);
      if (unknown) return unknown;
      this.flags.set(`${body.npCommunicationId}:${body.trophyId}`, { source: 'manual', note: body.note ?? null, at: new Date(this.now).toISOString() });
      const item = this.flagList().find((f) => f.npCommunicationId === body.npCommunicationId && f.trophyId === body.trophyId)!;
      return { status: 201, json: item };
    },
    unflagUnobtainable: ({ params }) => {
      const key = `${params.npCommunicationId}:${params.trophyId}`;
      if (!this.flags.delete(key)) return failure(404, 'not_found', 'That flag was not found.');
      return { status: 204 };
    },
    importUnobtainable: ({ body }) => {
      const unknown = this.unknownTrophies(body.trophies);
      if (unknown) return unknown;
      for (const t of body.trophies)
        this.flags.set(`${t.npCommunicationId}:${t.trophyId}`, { source: body.source, note: t.note ?? null, at: new Date(this.now).toISOString() });
      return { status: 200, json: { flagged: body.trophies.length, titles: new Set(body.trophies.map((t) => t.npCommunicationId)).size } };
    },

    webhooks: () => ({ status: 200, json: { items: this.webhooks } }),
    createWebhook: ({ body }) => {
      if (/^https?:\/\/(127\.|10\.|192\.168\.|localhost)/.test(body.url))
        return failure(
          400,
          'webhook_url_refused',
          `The webhook URL's host resolves to a loopback, private or link-local address, which webhooks may not reach.`,
        );
      const hook = {
        id: `w${this.webhooks.length + 1}`,
        url: body.url,
        format: body.format,
        events: body.events,
        enabled: true,
        createdAt: new Date(this.now).toISOString(),
        lastDelivery: null,
      };
      this.webhooks.push(hook);
      this.deliveries.set(hook.id, []);
      return { status: 201, json: { webhook: hook, secret: 'whsec_fakesecret0123456789abcdef' } };
    },
    updateWebhook: ({ params, body }) => {
      const hook = this.webhooks.find((w) => w.id === params.id);
      if (!hook) return failure(404, 'not_found', 'That webhook was not found (deleted, or not yours).');
      Object.assign(hook, Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined)));
      return { status: 200, json: { webhook: hook } };
    },
    deleteWebhook: ({ params }) => {
      const index = this.webhooks.findIndex((w) => w.id === params.id);
      if (index < 0) return failure(404, 'not_found', 'That webhook was not found (deleted, or not yours).');
      this.webhooks.splice(index, 1);
      return { status: 204 };
    },
    testWebhook: ({ params }) => {
      const hook = this.webhooks.find((w) => w.id === params.id);
      if (!hook) return failure(404, 'not_found', 'That webhook was not found (deleted, or not yours).');
      const at = new Date(this.now).toISOString();
      const delivery = {
        id: `d${Date.now()}${Math.random().toString(36).slice(2, 6)}`,
        eventId: `evt_test${(this.deliveries.get(hook.id)?.length ?? 0) + 1}`,
        eventType: 'test',
        state: 'delivered' as const,
        attempts: 1,
        status: 200,
        error: null,
        response: 'ok',
        createdAt: at,
        updatedAt: at,
        deliveredAt: at,
        nextAttemptAt: null,
      };
      this.deliveries.get(hook.id)?.unshift(delivery);
      hook.lastDelivery = delivery;
      return { status: 202, json: { deliveryId: delivery.id } };
    },
    webhookDeliveries: ({ params }) => {
      const list = this.deliveries.get(params.id ?? '');
      if (!list || !this.webhooks.some((w) => w.id === params.id)) return failure(404, 'not_found', 'That webhook was not found (deleted, or not yours).');
      return { status: 200, json: { items: list } };
    },

    sharing: () => ({ status: 200, json: { sharing: this.sharingView() } }),
    enableSharing: () => {
      if (!this.shareToken) {
        this.shares += 1;
        this.shareToken = `share${this.shares}token0123456789`;
        this.shareSince = new Date(this.now).toISOString();
      }
      return { status: 200, json: { sharing: this.sharingView() } };
    },
    disableSharing: () => {
      this.shareToken = null;
      this.shareSince = null;
      return { status: 200, json: { sharing: this.sharingView() } };
    },
    publicProfile: ({ params }) => {
      if (!this.shareToken || params.token !== this.shareToken) return failure(404, 'not_found', 'No profile is shared at this address.');
      const stats = this.handlers.stats({ query: undefined, body: undefined, params: {} });
      if (!('json' in stats) || 'error' in stats.json) return failure(500, 'internal', 'Something went wrong.');
      const s = stats.json;
      const games = this.importedTitles().map((t) => ({ ...this.game(t), earnedAt: null }));
      return {
        status: 200,
        json: {
          profile: {
            name: this.connection?.onlineId ?? this.user?.username ?? 'A player',
            level: s.level,
            tier: s.tier,
            points: s.points,
            earned: s.earned,
            platinums: s.platinums,
            games: s.games,
            completed: s.completed,
            platinumCabinet: games
              .filter((g) => g.platinumEarned)
              .map((g) => ({
                name: g.name,
                iconUrl: g.iconUrl,
                platforms: g.platforms,
                progress: g.progress,
                earned: g.earned,
                defined: g.defined,
                platinumEarned: true,
                lastUpdatedAt: g.lastUpdatedAt,
                earnedAt: null,
              })),
            recentGames: games.map((g) => ({
              name: g.name,
              iconUrl: g.iconUrl,
              platforms: g.platforms,
              progress: g.progress,
              earned: g.earned,
              defined: g.defined,
              platinumEarned: g.platinumEarned,
              lastUpdatedAt: g.lastUpdatedAt,
            })),
            recentTrophies: [],
          },
        },
      };
    },
    publicProfileImage: ({ params }) =>
      this.shareToken && params.token === this.shareToken
        ? { status: 200, json: '' }
        : failure(404, 'not_found', 'There is no such image on this shared profile.'),

    exportLibrary: () => ({
      status: 200,
      json: { format: 'trophyroom-library', version: 1, exportedAt: new Date(this.now).toISOString(), language: 'en-US', account: null, titles: [] },
    }),
    exportLibraryCsv: () => ({ status: 200, json: 'npCommunicationId,title\r\n' }),
    stacks: ({ query }) => {
      const seen = new Set<string>();
      const all: Stack[] = [];
      for (const t of [...this.importedTitles()].sort((a, b) => (a.entry.lastUpdatedAt < b.entry.lastUpdatedAt ? 1 : -1))) {
        const stack = this.stackOf(t.entry.npCommunicationId);
        if (stack && !seen.has(stack.id)) {
          seen.add(stack.id);
          all.push(stack);
        }
      }
      const next = query.offset + query.limit;
      return { status: 200, json: { items: all.slice(query.offset, next), total: all.length, nextOffset: next < all.length ? next : null } };
    },
    gameStack: ({ params }) => {
      const id = params.npCommunicationId as string;
      if (this.unknownOf([id]).length) return failure(404, 'not_found', `That game (${id}) is not in your library.`);
      return { status: 200, json: { stack: this.stackOf(id) } };
    },
    splitStack: ({ body }) => {
      const unknown = this.unknownOf([body.npCommunicationId]);
      if (unknown.length) return failure(400, 'unknown_titles', `Not in your library: ${unknown.join(', ')}. Nothing was changed.`, { unknown });
      const mates = this.stackOf(body.npCommunicationId)?.versions.filter((v) => v.npCommunicationId !== body.npCommunicationId) ?? [];
      this.stackKeys.set(body.npCommunicationId, `solo:${body.npCommunicationId}`);
      return { status: 200, json: { stack: mates[0] ? this.stackOf(mates[0].npCommunicationId) : null } };
    },
    joinStack: ({ body }) => {
      const ids = [...new Set(body.npCommunicationIds)];
      if (ids.length < 2) return failure(400, 'invalid_request', 'Name at least two different games to stack together.');
      const unknown = this.unknownOf(ids);
      if (unknown.length) return failure(400, 'unknown_titles', `Not in your library: ${unknown.join(', ')}. Nothing was changed.`, { unknown });
      const key = `hand:${this.stackKeys.size + 1}`;
      const all = new Set(ids);
      for (const id of ids) for (const v of this.stackOf(id)?.versions ?? []) all.add(v.npCommunicationId);
      for (const id of all) this.stackKeys.set(id, key);
      return { status: 200, json: { stack: this.stackOf(ids[0]!)! } };
    },
    image: () => ({ status: 200, json: '' }),
    importLibrary: ({ body }) => {
      if (this.importedTitles().length > 0)
        return failure(409, 'library_not_empty', 'Your library already holds titles: an import goes only into an empty library. Nothing was imported.');
      this.importedFromFile = body.titles.length;
      return { status: 201, json: { titles: body.titles.length, trophies: body.titles.reduce((n, t) => n + t.trophies.length, 0) } };
    },
  };

  /** Titles the last library import read (the fake keeps only the count). */
  importedFromFile = 0;

  private sharingView() {
    const url = this.shareToken ? `http://127.0.0.1/u/${this.shareToken}` : null;
    return { enabled: url !== null, url, cardUrl: url && `${url}/card.svg`, since: this.shareSince };
  }

  /** Routes a request as the server would: the contract's route, access, query and body, then the handler. */
  private route(method: string, url: URL, body: unknown): FakeAnswer {
    const matched = matchEndpoint(method, url.pathname);
    if (!matched) return failure(404, 'not_found', 'There is no such API route. The routes are listed at /api/openapi.json.');
    const { endpoint, name, params } = matched;
    if (endpoint.access !== 'public' && (!this.signedIn || !this.user)) return unauthenticated();
    if (endpoint.access === 'admin' && !this.user?.admin) return failure(403, 'forbidden', 'Only the admin of this instance can do that.');
    let query: unknown;
    if (endpoint.query) {
      const parsed = endpoint.query.safeParse(Object.fromEntries(url.searchParams));
      if (!parsed.success) return invalid(parsed.error.issues, 'query');
      query = parsed.data;
    }
    let parsedBody: unknown;
    if (endpoint.body) {
      const parsed = endpoint.body.safeParse(body);
      if (!parsed.success) return invalid(parsed.error.issues, 'body');
      parsedBody = parsed.data;
    }
    const handler = this.handlers[name] as (input: { query: unknown; body: unknown; params: Record<string, string> }) => FakeAnswer;
    return handler({ query, body: parsedBody, params });
  }

  /** Answers one API request; throws when the answer breaks the contract. */
  answer(method: string, url: URL, body: unknown): FakeAnswer {
    const result = this.route(method, url, body);
    const problem = result.events
      ? result.events.map((e) => eventProblem(url.pathname, e.event, e.data)).find(Boolean)
      : contractProblem(method, url.pathname, result.status, result.json);
    if (problem) throw new Error(`The fake API broke the contract: ${problem}`);
    return result;
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
        let result: FakeAnswer;
        try {
          result = this.answer(request.method(), url, raw ? JSON.parse(raw) : undefined);
        } catch (error) {
          // Recorded for the suite to fail on, and answered so that the page does not hang.
          const message = error instanceof Error ? error.message : String(error);
          contractViolations.push(message);
          return route.fulfill({ status: 500, contentType: 'application/json', body: JSON.stringify({ error: { code: 'internal', message } }) });
        }
        if (result.events)
          return route.fulfill({
            status: result.status,
            contentType: 'text/event-stream',
            // `retry`: the browser reconnects 200 ms after the stream ends (its default is seconds).
            body: `retry: 200\n\n${result.events.map((e) => `event: ${e.event}\ndata: ${JSON.stringify(e.data)}\n\n`).join('')}`,
          });
        return route.fulfill({ status: result.status, contentType: 'application/json', body: result.json === undefined ? '' : JSON.stringify(result.json) });
      }
      const file = files(url.pathname);
      if (file) return route.fulfill({ status: 200, contentType: file.type, body: file.body });
      return route.fulfill({ status: 404, body: 'not found' });
    });
  }
}
