/**
 * `npm run soak`: the import and daily syncs of several accounts while things go wrong — 10 % of
 * PSN's answers a 5xx, dropped connections, 429 storms with their retry time, and the server
 * killed with SIGKILL at random moments and started again on the same data — on SQLite (one
 * process) and on PostgreSQL (a web process and two workers, any of them killed). Then the store is
 * compared with the simulator trophy by trophy, and the table says what survived.
 *
 * Goals: trophies lost, extra, duplicated or wrongly dated 0; runs left unfinished 0; 429s the
 * simulator did not inject (its own rate limit) 0; successful requests ÷ the floor ≤ 1.10.
 * Exits 1 when a goal is missed. `TROPHYROOM_SOAK_MINUTES` (default 2) is how long the chaos lasts
 * per database before everything is left to settle.
 * @module
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSimulator } from '../packages/psn-sim/src/index.ts';
import { startPostgresServer } from '../packages/server/test/postgres-server.ts';
import { type ProcessStartOptions, type ServerProcess, spawnServer } from '../packages/server/test/spawn-server.ts';
import { type Row, formatTable, verdictOf } from './table.ts';
import { freePort } from '../packages/server/test/free-port.ts';

const ACCOUNTS = 3;
const TITLES = 40;
/** Sony's limit, made small so that the budget is exercised across kills: per account, on the simulator and in the server. */
const LIMIT = { limit: 60, windowMs: 60_000 };
const CHAOS_MS = Number(process.env.TROPHYROOM_SOAK_MINUTES ?? 2) * 60_000;
const SETTLE_MS = 6 * 60_000;
const CHANGES_PER_SYNC = 4;
const TITLE_PAGE = 800;
const GAME_PAGE = 200;

// biome-ignore lint/suspicious/noExplicitAny: JSON as the soak reads it, loosely; the comparisons do the checking
type Json = Record<string, any>;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const rand = (min: number, max: number) => min + Math.random() * (max - min);

/** A browser-like client that survives the server going away: it retries until the server answers. */
class Player {
  cookie = '';
  constructor(
    readonly url: string,
    readonly name: string,
  ) {}

  async request(method: string, path: string, body?: unknown): Promise<{ status: number; body: Json }> {
    for (let attempt = 0; ; attempt++) {
      try {
        const res = await fetch(`${this.url}${path}`, {
          method,
          headers: { origin: this.url, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(this.cookie ? { cookie: this.cookie } : {}) },
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: AbortSignal.timeout(30_000),
        });
        const setCookie = res.headers.get('set-cookie');
        if (setCookie) this.cookie = setCookie.split(';')[0] as string;
        const text = await res.text();
        // A server killed mid-request, or one still starting: try again.
        if (res.status >= 500 && attempt < 200) {
          await sleep(250);
          continue;
        }
        return { status: res.status, body: text ? (JSON.parse(text) as Json) : {} };
      } catch (error) {
        if (attempt >= 400) throw error;
        await sleep(250);
      }
    }
  }
}

interface Fleet {
  /** The web address players use. */
  url: string;
  /** SIGKILLs one process at random and starts it again; returns which. */
  killOne(): Promise<string>;
  stop(): Promise<void>;
}

/** One `all` process on a SQLite file. */
async function sqliteFleet(base: ProcessStartOptions): Promise<Fleet> {
  const port = await freePort();
  const options = { ...base, port };
  let current = await spawnServer(options);
  return {
    url: current.url,
    async killOne() {
      current.child.kill('SIGKILL');
      await current.exited;
      current = await spawnServer(options);
      return 'all';
    },
    async stop() {
      current.child.kill('SIGTERM');
      await current.exited;
    },
  };
}

/** A web process and two workers on PostgreSQL. */
async function postgresFleet(base: ProcessStartOptions, databaseUrl: string): Promise<Fleet> {
  const port = await freePort();
  const roles: Array<{ name: string; options: ProcessStartOptions }> = [
    { name: 'web', options: { ...base, databaseUrl, role: 'web', port } },
    { name: 'worker 1', options: { ...base, databaseUrl, role: 'worker' } },
    { name: 'worker 2', options: { ...base, databaseUrl, role: 'worker' } },
  ];
  const running: ServerProcess[] = [];
  for (const role of roles) running.push(await spawnServer(role.options));
  return {
    url: running[0]?.url as string,
    async killOne() {
      const i = Math.floor(Math.random() * roles.length);
      running[i]?.child.kill('SIGKILL');
      await running[i]?.exited;
      running[i] = await spawnServer(roles[i]?.options as ProcessStartOptions);
      return roles[i]?.name as string;
    },
    async stop() {
      for (const p of running) p.child.kill('SIGTERM');
      await Promise.all(running.map((p) => p.exited));
    },
  };
}

interface Outcome {
  kills: number;
  lost: number;
  extra: number;
  duplicated: number;
  wronglyDated: number;
  unfinished: number;
  unsynced: number;
  notInjected429: number;
  injected429: number;
  requests: number;
  successful: number;
  floor: number;
  seconds: number;
}

async function soak(database: 'sqlite' | 'postgres'): Promise<Outcome> {
  const started = Date.now();
  const sim = createSimulator({ seed: 97, accounts: ACCOUNTS, titles: TITLES, privateRate: 0, rateLimit: LIMIT });
  const simUrl = await sim.listen(0);
  const admin = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${simUrl}/__sim${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`simulator ${method} ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as Json;
  };
  const dataDir = mkdtempSync(join(tmpdir(), 'trophyroom-soak-'));
  const postgres = database === 'postgres' ? await startPostgresServer({ database: 'trophyroom' }) : undefined;
  const base: ProcessStartOptions = {
    dataDir,
    psnBaseUrl: simUrl,
    logLevel: 'error',
    workerPollMs: 50,
    workerLeaseMs: 2000,
    eventPollMs: 200,
    secretKey: Buffer.alloc(32, 9).toString('base64'),
    psnOptions: { budget: LIMIT, retry: { baseDelayMs: 200, maxDelayMs: 2000 } },
    titleRetry: { inRunDelaysMs: [1000, 3000], laterPassMs: 5000 },
  };
  let fleet: Fleet | undefined;
  try {
    fleet = postgres ? await postgresFleet(base, postgres.url) : await sqliteFleet(base);
    const players: Player[] = [];
    for (let i = 0; i < ACCOUNTS; i++) {
      const player = new Player(fleet.url, `soak${i}`);
      const signup = await player.request('POST', '/api/auth/signup', { username: player.name, password: 'soak test password 1' });
      if (signup.status !== 201) throw new Error(`sign-up: ${JSON.stringify(signup.body)}`);
      players.push(player);
    }

    // PSN on a bad day, from the first connect on.
    await admin('POST', '/faults', {
      faults: [
        { kind: 'error', route: 'trophy.*', status: 503, probability: 0.08 },
        { kind: 'error', route: 'trophy.*', status: 500, probability: 0.02 },
        { kind: 'error', route: 'gamelist.*', status: 503, probability: 0.1 },
        { kind: 'drop', route: 'trophy.*', probability: 0.02 },
      ],
    });
    for (const [i, player] of players.entries()) {
      const r = await player.request('POST', '/api/connections/psn', { npsso: sim.npssoOf(i) });
      if (r.status !== 201) throw new Error(`connect ${player.name}: ${r.status} ${JSON.stringify(r.body)}`);
    }

    // Chaos: kills at random moments and 429 storms, until CHAOS_MS has passed.
    let kills = 0;
    let chaos = true;
    const chaosLoop = (async () => {
      let nextStorm = Date.now() + rand(5_000, 15_000);
      while (chaos) {
        await sleep(rand(2_000, 7_000));
        if (!chaos) break;
        const which = await (fleet as Fleet).killOne();
        kills += 1;
        process.stderr.write(`soak ${database}: killed ${which} (${kills})\n`);
        if (Date.now() > nextStorm) {
          await admin('POST', '/faults', { kind: 'rate-limit', route: 'trophy.*', count: 6, retryAfterSeconds: 3 });
          nextStorm = Date.now() + rand(10_000, 25_000);
        }
      }
    })();

    const ready = async (player: Player) => {
      for (;;) {
        const r = await player.request('GET', '/api/psn/titles?limit=1');
        if (r.status === 200 && r.body.state === 'ready') return;
        await sleep(300);
      }
    };
    for (const player of players) {
      await ready(player);
      const ids = (await player.request('GET', '/api/psn/titles/ids')).body.ids as string[];
      const r = await player.request('POST', '/api/psn/import', { npCommunicationIds: ids });
      if (r.status !== 202) throw new Error(`import ${player.name}: ${r.status} ${JSON.stringify(r.body)}`);
    }

    // Daily syncs while the chaos goes on: trophies earned on PSN, then "sync now" for everyone.
    const syncRounds = 2;
    for (let round = 0; round < syncRounds; round++) {
      await sleep(CHAOS_MS / (syncRounds + 1));
      for (let i = 0; i < ACCOUNTS; i++) {
        const items = sim.world.library(i).items;
        let earned = 0;
        for (const item of items) {
          if (earned >= CHANGES_PER_SYNC) break;
          const state = sim.world.stateOf(i, item);
          const trophy = item.title.trophies.find((t, k) => state.earned[k] === 0 && t.type !== 'platinum');
          if (!trophy || Math.random() < 0.5) continue;
          sim.world.earnTrophy(i, item.title.npCommunicationId, trophy.id, { at: sim.clock.now() });
          earned += 1;
        }
        await players[i]?.request('POST', '/api/psn/sync');
      }
    }
    await sleep(CHAOS_MS / (syncRounds + 1));
    chaos = false;
    await chaosLoop;

    // Settle: no run left running, every title's trophies as PSN has them (a last sync picks up what a killed sync missed).
    for (const player of players) await player.request('POST', '/api/psn/sync');
    const deadline = Date.now() + SETTLE_MS;
    let outcome: Pick<Outcome, 'lost' | 'extra' | 'duplicated' | 'wronglyDated' | 'unfinished' | 'unsynced'>;
    for (;;) {
      outcome = await compare(players, sim);
      const settled = outcome.unfinished === 0 && outcome.unsynced === 0 && outcome.lost + outcome.extra + outcome.duplicated + outcome.wronglyDated === 0;
      if (settled || Date.now() > deadline) break;
      await sleep(2_000);
    }

    // Requests: what the simulator counted per account (data hosts only), against the floor of the work done.
    const perAccount = await Promise.all(players.map((_, i) => admin('GET', `/requests?account=${sim.credentialsOf(i).accountId}`)));
    let requests = 0;
    let successful = 0;
    let limited = 0;
    let tooMany = 0;
    for (const counts of perAccount) {
      const auth = Object.entries(counts.byRoute as Record<string, number>)
        .filter(([route]) => route.startsWith('auth.'))
        .reduce((sum, [, n]) => sum + n, 0);
      requests += counts.total - auth;
      successful += (counts.byStatus['200'] ?? 0) - (counts.byRoute['auth.token'] ?? 0);
      limited += counts.rateLimited;
      tooMany += counts.byStatus['429'] ?? 0;
    }
    const syncRuns: Array<{ account: number; total: number }> = [];
    for (const [i, player] of players.entries()) {
      const runs = (await player.request('GET', '/api/sync/runs?limit=100')).body.items as Json[];
      for (const run of runs) if (run.kind === 'sync') syncRuns.push({ account: i, total: run.total });
    }
    return {
      kills,
      ...outcome,
      notInjected429: limited,
      injected429: tooMany - limited,
      requests,
      successful,
      floor: floorOf(sim, syncRuns),
      seconds: (Date.now() - started) / 1000,
    };
  } finally {
    await fleet?.stop().catch(() => {});
    await sim.close();
    await postgres?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * The fewest data requests the work allows (DESIGN.md, request budget): per account, connecting
 * (summary, profile), the title list and game list for the picker and one earned request per
 * title; per sync run the title list plus one request per title that changed since the previous
 * sync (the run's `total`, which a resumed run keeps); definitions once per title for the whole
 * instance (plus the groups of titles that have DLC). Retries, and titles fetched again after a
 * kill, are what the ratio measures.
 */
function floorOf(sim: ReturnType<typeof createSimulator>, syncRuns: Array<{ account: number; total: number }>): number {
  let floor = 0;
  const titles = new Map<string, boolean>();
  for (let i = 0; i < ACCOUNTS; i++) {
    const items = sim.world.library(i).items;
    const T = items.length;
    floor += 2 + Math.ceil(T / TITLE_PAGE) + Math.max(1, Math.ceil(sim.world.gameList(i).length / GAME_PAGE)) + T;
    for (const run of syncRuns) if (run.account === i) floor += Math.ceil(T / TITLE_PAGE) + run.total;
    for (const item of items) titles.set(item.title.npCommunicationId, item.title.groups.length > 1);
  }
  return floor + titles.size + [...titles.values()].filter(Boolean).length;
}

/** The store as each player's API shows it, against the simulator's truth. */
async function compare(players: Player[], sim: ReturnType<typeof createSimulator>) {
  let lost = 0;
  let extra = 0;
  let duplicated = 0;
  let wronglyDated = 0;
  let unfinished = 0;
  let unsynced = 0;
  for (const [i, player] of players.entries()) {
    const runs = (await player.request('GET', '/api/sync/runs?limit=100')).body.items as Json[];
    unfinished += runs.filter((r) => r.state === 'running' || r.state === 'interrupted').length;
    for (const item of sim.world.library(i).items) {
      const id = item.title.npCommunicationId;
      const truth = sim.world.stateOf(i, item);
      const r = await player.request('GET', `/api/games/${id}?reveal=true`);
      if (r.status !== 200 || r.body.game.syncedAt === null) {
        unsynced += 1;
        continue;
      }
      const stored = (r.body.groups as Json[]).flatMap((g) => g.trophies as Json[]);
      const seen = new Set<number>();
      for (const trophy of stored) {
        if (seen.has(trophy.id)) duplicated += 1;
        seen.add(trophy.id);
      }
      item.title.trophies.forEach((trophy, k) => {
        const mine = stored.find((t) => t.id === trophy.id);
        const earned = truth.earned[k] === 1;
        if (earned && !mine?.earned) lost += 1;
        else if (!earned && mine?.earned) extra += 1;
        else if (earned) {
          // Sony's times are to the second.
          const at = truth.earnedAt[k] as number;
          const expected = Number.isNaN(at) ? null : Math.floor(at / 1000) * 1000;
          const stored = mine?.earnedAt ? Date.parse(mine.earnedAt) : null;
          if (stored !== expected) wronglyDated += 1;
        }
      });
    }
  }
  return { lost, extra, duplicated, wronglyDated, unfinished, unsynced };
}

function rows(label: string, o: Outcome): Row[] {
  const zero = { value: 1, kind: 'ceiling' as const };
  const bench = `soak: ${label}`;
  return [
    { benchmark: bench, metric: `kills (SIGKILL) survived, in ${o.seconds.toFixed(0)} s`, value: o.kills, unit: '' },
    { benchmark: bench, metric: 'trophies lost', value: o.lost, unit: '', target: zero },
    { benchmark: bench, metric: 'trophies earned that PSN does not have', value: o.extra, unit: '', target: zero },
    { benchmark: bench, metric: 'trophies duplicated', value: o.duplicated, unit: '', target: zero },
    { benchmark: bench, metric: 'trophies wrongly dated', value: o.wronglyDated, unit: '', target: zero },
    { benchmark: bench, metric: 'titles never synced', value: o.unsynced, unit: '', target: zero },
    { benchmark: bench, metric: 'runs left unfinished', value: o.unfinished, unit: '', target: zero },
    { benchmark: bench, metric: `429s of PSN's own limit (${o.injected429} injected by storms)`, value: o.notInjected429, unit: '', target: zero },
    {
      benchmark: bench,
      metric: `successful requests ÷ floor (${o.successful} of ${o.requests} sent, floor ${o.floor})`,
      value: o.successful / o.floor,
      unit: '',
      target: { value: 1.1, kind: 'ceiling' },
    },
  ];
}

const all: Row[] = [];
for (const database of ['sqlite', 'postgres'] as const) {
  process.stderr.write(`soak: ${database}…\n`);
  const outcome = await soak(database);
  all.push(...rows(database === 'sqlite' ? 'SQLite, one process' : 'PostgreSQL, web + 2 workers', outcome));
}
process.stdout.write(`\n${formatTable(all)}`);
process.exit(all.some((row) => verdictOf(row) !== 'ok' && verdictOf(row) !== '—') ? 1 : 0);
