/**
 * Latency and throughput of the library API over loopback: a 100-game page of `GET /api/games`
 * and `GET /api/games/{id}` for a 60-trophy game, as one user with 2,000 games and 60,000
 * trophies, on an instance (SQLite) holding 100 such users.
 *
 * The store is seeded straight into SQLite (the rows a sync would write); the server runs as its
 * own process so that it and the load generator (autocannon, here) each have a core. Repeated
 * requests between two writes are answered from the server's cache of answers per library
 * version (that is what a user reloading a page gets); the If-None-Match rows are a browser that
 * holds the answer already and gets a 304.
 * @module
 */
import { fileURLToPath } from 'node:url';
import SqliteDatabase from 'better-sqlite3';
import { openStore } from '../packages/server/src/db/database.ts';
import { gameJsonSql } from '../packages/server/src/db/game-json.ts';
import { hashPassword } from '../packages/server/src/services/passwords.ts';
import { type LoadOptions, load } from './load.ts';
import { checkedLoad, serveSeededStore, storeRows, withSeededServer } from './seeded-server.ts';
import type { Row } from './table.ts';

export interface ApiLatencyOptions extends LoadOptions {
  users: number;
  gamesPerUser: number;
}

// Ten connections: autocannon's default, a busy instance's worth of browsers loading pages at once.
export const defaultApiLatencyOptions: ApiLatencyOptions = { users: 100, gamesPerUser: 2000, warmupSeconds: 2, seconds: 8, connections: 10 };

const PASSWORD = 'benchmark password';
const types = ['bronze', 'silver', 'gold', 'platinum'] as const;
/** Every fourth game has 60 trophies, the others 20: 30 on average, 60,000 for 2,000 games. */
const trophiesOf = (game: number) => (game % 4 === 0 ? 60 : 20);
const id = (game: number) => `NPWR${String(20000 + game).padStart(5, '0')}_00`;

/** Writes users, shared definitions and every user's library and earned trophies. */
export async function seed(file: string, options: ApiLatencyOptions): Promise<void> {
  await (await openStore(file)).close();
  const db = new SqliteDatabase(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  const hash = await hashPassword(PASSWORD);
  const at = (days: number) => new Date(Date.UTC(2026, 10, 1) - days * 86_400_000).toISOString();
  const insertUser = db.prepare('insert into users (id, name, created_at, password_hash, admin) values (?, ?, ?, ?, ?)');
  const insertTitle = db.prepare(`insert into titles values (?, 'en-US', '01.00', 'trophy2', ?, ?, ?, 'PS5', 1, ?, ?, ?, 1, ?, null)`);
  const insertGroup = db.prepare(`insert into title_groups values (?, 'en-US', ?, ?, null, ?, ?, ?, ?, ?)`);
  const insertDefinition = db.prepare(`insert into trophy_definitions values (?, 'en-US', ?, ?, ?, ?, ?, ?, ?, ?, null, null)`);
  const insertUserTitle = db.prepare(
    `insert into user_titles (user_id, np_communication_id, np_service_name, name, icon_url, platform, trophy_set_version, has_trophy_groups, picked, hidden, progress,
      defined_bronze, defined_silver, defined_gold, defined_platinum, earned_bronze, earned_silver, earned_gold, earned_platinum,
      last_updated_at, last_played_at, play_seconds, earned_synced_at, definitions_version, first_seen_at, announced)
     values (?, ?, 'trophy2', ?, ?, ?, '01.00', 1, 1, 0, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, '01.00', ?, 1)`,
  );
  const insertTrophy = db.prepare('insert into user_trophies values (?, ?, ?, ?, ?, ?, ?, ?, null)');
  const typeOf = (t: number, n: number) => (t === 0 ? 'platinum' : t > n - 3 ? 'gold' : t > n - 10 ? 'silver' : 'bronze');
  db.transaction(() => {
    for (let g = 0; g < options.gamesPerUser; g++) {
      const n = trophiesOf(g);
      const count = (type: string) => Array.from({ length: n }, (_, t) => typeOf(t, n)).filter((x) => x === type).length;
      const icon = `https://image.api.playstation.com/trophy/np/${id(g)}/icon.png`;
      insertTitle.run(id(g), `Benchmark Game ${g}`, `Trophies of game ${g}`, icon, count('bronze'), count('silver'), count('gold'), at(0));
      insertGroup.run(id(g), 'default', `Benchmark Game ${g}`, icon, count('bronze'), count('silver'), count('gold'), 1);
      for (let t = 0; t < n; t++)
        insertDefinition.run(
          id(g),
          t,
          'default',
          typeOf(t, n),
          t % 7 === 6 ? 1 : 0,
          `Trophy ${t} of game ${g}`,
          `Do thing number ${t} in game ${g}.`,
          `${icon}?t=${t}`,
          t % 11 === 5 ? 100 : null,
        );
    }
    for (let u = 0; u < options.users; u++) {
      const userId = `00000000-0000-4000-8000-${String(u).padStart(12, '0')}`;
      insertUser.run(userId, `player${u}`, at(400), hash, u === 0 ? 1 : 0);
      for (let g = 0; g < options.gamesPerUser; g++) {
        const n = trophiesOf(g);
        const earned = { bronze: 0, silver: 0, gold: 0, platinum: 0 };
        for (let t = 0; t < n; t++) {
          const got = (t + g + u) % 3 !== 0;
          if (got) earned[typeOf(t, n)]++;
          insertTrophy.run(
            userId,
            id(g),
            t,
            got ? 1 : 0,
            got ? at((g % 700) + t / 100) : null,
            t % 11 === 5 ? (got ? 100 : 40) : null,
            1 + ((t * 37 + g) % 90),
            (t + g) % 4,
          );
        }
        const defined = Object.fromEntries(types.map((type) => [type, Array.from({ length: n }, (_, t) => typeOf(t, n)).filter((x) => x === type).length]));
        const progress = Math.floor(
          ((earned.bronze * 15 + earned.silver * 30 + earned.gold * 90) * 100) /
            ((defined.bronze ?? 0) * 15 + (defined.silver ?? 0) * 30 + (defined.gold ?? 0) * 90),
        );
        insertUserTitle.run(
          userId,
          id(g),
          `Benchmark Game ${g}`,
          `https://image.api.playstation.com/trophy/np/${id(g)}/icon.png`,
          g % 5 === 0 ? 'PS4' : 'PS5',
          progress,
          defined.bronze,
          defined.silver,
          defined.gold,
          earned.bronze,
          earned.silver,
          earned.gold,
          earned.platinum,
          at(g % 700),
          g % 3 === 0 ? null : at((g * 7) % 900),
          g % 3 === 0 ? null : 3600 + g,
          at(g % 700),
          at(400),
        );
      }
    }
  })();
  // What the library's writes keep ready: each title's game JSON.
  db.exec(`update user_titles set view_json = ${gameJsonSql.sqlite}`);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
}

export async function benchApiLatency(options: ApiLatencyOptions = defaultApiLatencyOptions): Promise<Row[]> {
  const store = { name: 'api', seed: (file: string) => seed(file, options), username: 'player0', password: PASSWORD, startMs: 30_000 };
  return withSeededServer(import.meta.url, store, async (server) => {
    const label = `${options.users} users × ${options.gamesPerUser.toLocaleString('en-US')} games, ${((options.gamesPerUser * 30) / 1000).toFixed(0)}k trophies each`;
    const rows = storeRows(server, `API store: ${label}`);
    const targets = [
      { name: 'GET /api/games?limit=100', path: '/api/games?limit=100', rps: 2000, p99: 20, expect: (b: { items: unknown[] }) => b.items.length === 100 },
      {
        name: 'GET /api/games/{id} (60 trophies)',
        path: `/api/games/${id(4)}`,
        rps: undefined,
        p99: 10,
        expect: (b: { groups: Array<{ trophies: unknown[] }> }) => b.groups[0]?.trophies.length === 60,
      },
    ];
    for (const t of targets) {
      const { response: check, body, result } = await checkedLoad(server, t.path, t.expect, options);
      // The same request from a browser that holds the answer: If-None-Match with its tag, a 304.
      const etag = check.headers.get('etag');
      const revalidated = etag
        ? await load(`${server.url}${t.path}`, { ...server.headers, 'if-none-match': etag }, { ...options, expectStatus: 304 })
        : { rps: 0, p50: 0, p99: 0, failure: 'no ETag' };
      const benchmark = `${t.name}, ${(Buffer.byteLength(body) / 1024).toFixed(0)} KB`;
      rows.push(
        {
          benchmark,
          metric: 'requests/s',
          value: result.rps,
          unit: 'req/s',
          ...(t.rps ? { target: { value: t.rps, kind: 'floor' as const } } : {}),
          failure: result.failure,
        },
        { benchmark, metric: 'latency p50', value: result.p50, unit: 'ms', failure: result.failure },
        { benchmark, metric: 'latency p99', value: result.p99, unit: 'ms', target: { value: t.p99, kind: 'ceiling' }, failure: result.failure },
        { benchmark, metric: 'If-None-Match (304) requests/s', value: revalidated.rps, unit: 'req/s', failure: revalidated.failure },
        {
          benchmark,
          metric: 'If-None-Match (304) latency p99',
          value: revalidated.p99,
          unit: 'ms',
          target: { value: t.p99, kind: 'ceiling' },
          failure: revalidated.failure,
        },
      );
    }
    return rows;
  });
}

if (process.argv.includes('--child') && process.argv[1] === fileURLToPath(import.meta.url)) await serveSeededStore();
else if (process.argv[1] === fileURLToPath(import.meta.url)) {
  // `npx tsx bench/api-latency.ts` runs this benchmark alone.
  const { formatTable } = await import('./table.ts');
  process.stdout.write(formatTable(await benchApiLatency()));
}
