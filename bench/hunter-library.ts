/**
 * The hunter's pages at 20,000 titles: `GET /api/profile` (the profile page) and the library's
 * DLC filters (`status=base-complete`, `dlc-complete`, `platinum-dlc-missing`), for one user whose
 * library holds 20,000 titles and 600,000 trophies (4 % with DLC groups, a sixth hunted to the
 * platinum, trophies earned over fifteen years, some flagged unobtainable), in SQLite.
 *
 * The store is seeded straight into SQLite (the rows a sync would write, then the facts and game
 * JSON the library's writes keep); the server runs as its own process. One connection: the
 * figure is what one player waits for the page, on a machine doing nothing else.
 * Each page twice: repeated requests (served from the answers the server keeps per library
 * version) and the first request after a write (a flag through the API before each one), with
 * that write's own time (what a write makes ready, such as the profile page, it pays for).
 * The stacked library is measured by `stacks-library.ts`.
 * @module
 */
import { fileURLToPath } from 'node:url';
import SqliteDatabase from 'better-sqlite3';
import { openStore } from '../packages/server/src/db/database.ts';
import { gameJsonSql } from '../packages/server/src/db/game-json.ts';
import { refreshTitleFactsSql } from '../packages/server/src/db/title-facts.ts';
import { hashPassword } from '../packages/server/src/services/passwords.ts';
import type { LoadOptions } from './load.ts';
import { checkedLoad, serveSeededStore, storeRows, withSeededServer } from './seeded-server.ts';
import type { Row } from './table.ts';

export interface HunterLibraryOptions extends LoadOptions {
  titles: number;
}

export const defaultHunterLibraryOptions: HunterLibraryOptions = { titles: 20_000, warmupSeconds: 2, seconds: 6, connections: 1 };

const PASSWORD = 'benchmark password';
const USER = '00000000-0000-4000-8000-000000000001';
const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 1);
const id = (game: number) => `NPWR${String(30000 + game).padStart(5, '0')}_00`;
/** Every fourth game has 60 trophies, the others 20 (30 on average); every 25th has DLC groups (4 %). */
const trophiesOf = (game: number) => (game % 4 === 0 ? 60 : 20);
const dlcGroupsOf = (game: number) => (game % 25 === 7 ? 1 + (game % 3) : 0);
const DLC_SIZE = 5;
const typeOf = (t: number, n: number) => (t === 0 ? 'platinum' : t > n - 3 ? 'gold' : t > n - 10 ? 'silver' : 'bronze');

/** Writes the user, the shared definitions, the library with its earned trophies, then the facts the library keeps. */
export async function seed(file: string, options: HunterLibraryOptions): Promise<void> {
  await (await openStore(file)).close();
  const db = new SqliteDatabase(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  const at = (ms: number) => new Date(ms).toISOString();
  const insertTitle = db.prepare(`insert into titles values (?, 'en-US', '01.00', 'trophy2', ?, null, ?, ?, ?, ?, ?, ?, 1, ?, null)`);
  const insertGroup = db.prepare(`insert into title_groups values (?, 'en-US', ?, ?, null, ?, ?, ?, ?, ?)`);
  const insertDefinition = db.prepare(`insert into trophy_definitions values (?, 'en-US', ?, ?, ?, 0, ?, ?, ?, null, null, null)`);
  const insertUserTitle = db.prepare(
    `insert into user_titles (user_id, np_communication_id, np_service_name, name, icon_url, platform, trophy_set_version, has_trophy_groups, picked, hidden, progress,
      defined_bronze, defined_silver, defined_gold, defined_platinum, earned_bronze, earned_silver, earned_gold, earned_platinum,
      last_updated_at, last_played_at, play_seconds, earned_synced_at, definitions_version, first_seen_at, announced)
     values (?, ?, 'trophy2', ?, ?, ?, '01.00', ?, 1, 0, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, null, ?, '01.00', ?, 1)`,
  );
  const insertTrophy = db.prepare(
    'insert into user_trophies (user_id, np_communication_id, trophy_id, earned, earned_at, progress, earned_rate, rarity) values (?, ?, ?, ?, ?, null, ?, ?)',
  );
  const insertFlag = db.prepare(`insert into unobtainable_trophies values (?, ?, ?, 'benchmark list', null, ?)`);
  db.prepare('insert into users (id, name, created_at, password_hash, admin) values (?, ?, ?, ?, 1)').run(
    USER,
    'hunter',
    at(NOW - 800 * DAY),
    await hashPassword(PASSWORD),
  );
  db.transaction(() => {
    for (let g = 0; g < options.titles; g++) {
      const base = trophiesOf(g);
      const groups = dlcGroupsOf(g);
      const trophies = Array.from({ length: base + groups * DLC_SIZE }, (_, t) => ({
        type: t < base ? typeOf(t, base) : t % 5 === 4 ? 'gold' : 'bronze',
        group: t < base ? 'default' : String(Math.floor((t - base) / DLC_SIZE) + 1).padStart(3, '0'),
      }));
      const count = (type: string, group?: string) => trophies.filter((x) => x.type === type && (!group || x.group === group)).length;
      const icon = `https://image.api.playstation.com/trophy/np/${id(g)}/icon.png`;
      insertTitle.run(id(g), `Hunted Game ${g}`, icon, g % 5 === 0 ? 'PS4' : 'PS5', groups ? 1 : 0, count('bronze'), count('silver'), count('gold'), at(NOW));
      for (const group of ['default', ...Array.from({ length: groups }, (_, k) => String(k + 1).padStart(3, '0'))])
        insertGroup.run(
          id(g),
          group,
          group === 'default' ? `Hunted Game ${g}` : `Expansion ${group}`,
          icon,
          count('bronze', group),
          count('silver', group),
          count('gold', group),
          group === 'default' ? 1 : 0,
        );
      for (const [t, x] of trophies.entries())
        insertDefinition.run(id(g), t, x.group, x.type, `Trophy ${t} of game ${g}`, `Do thing number ${t}.`, `${icon}?t=${t}`);

      // A sixth of the games hunted to the platinum (their DLC every other time); the rest two-thirds done.
      const hunted = g % 6 === 0;
      // Last trophies spread over fifteen years (PS3 trophies began in 2008): ~1,300 games and ~27,000 trophies in the last year.
      const end = NOW - ((g * 37) % 5475) * DAY;
      const span = (1 + (g % 60)) * DAY;
      const earned = { bronze: 0, silver: 0, gold: 0, platinum: 0 };
      trophies.forEach((x, t) => {
        const got = hunted ? x.group === 'default' || g % 12 === 0 : x.type !== 'platinum' && (t + g) % 3 !== 0;
        if (got) earned[x.type as keyof typeof earned]++;
        const when = x.type === 'platinum' ? end : end - span + (span * t) / trophies.length;
        insertTrophy.run(USER, id(g), t, got ? 1 : 0, got ? at(when) : null, 0.1 + ((t * 37 + g) % 900) / 10, (t + g) % 4);
        if (!got && g % 40 === 1 && t % 5 === 1) insertFlag.run(USER, id(g), t, at(NOW));
      });
      const points = (c: { bronze: number; silver: number; gold: number }) => c.bronze * 15 + c.silver * 30 + c.gold * 90;
      const progress = Math.floor((points(earned) * 100) / points({ bronze: count('bronze'), silver: count('silver'), gold: count('gold') }));
      insertUserTitle.run(
        USER,
        id(g),
        `Hunted Game ${g}`,
        icon,
        g % 5 === 0 ? 'PS4' : 'PS5',
        groups ? 1 : 0,
        progress,
        count('bronze'),
        count('silver'),
        count('gold'),
        earned.bronze,
        earned.silver,
        earned.gold,
        earned.platinum,
        at(end),
        at(end),
        at(end),
        at(NOW - 800 * DAY),
      );
    }
  })();
  // What the library's writes keep ready: each title's facts, then its game JSON.
  const facts = Date.now();
  db.exec(refreshTitleFactsSql('1 = 1'));
  process.stderr.write(`hunter library: facts of ${options.titles} titles in ${((Date.now() - facts) / 1000).toFixed(1)} s\n`);
  db.exec(`update user_titles set view_json = ${gameJsonSql.sqlite}`);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
}

/**
 * The first request after the library changed: before each request the player flags a trophy
 * unobtainable through the API (a write that moves the library version, as a sync's does), so no
 * kept answer serves it. The write's own time is measured too: what a write makes ready is paid there.
 */
async function afterWrites(
  url: string,
  headers: Record<string, string>,
  path: string,
  first: number,
  samples = 40,
): Promise<{ p50: number; p99: number; write: { p50: number; p99: number } }> {
  const times: number[] = [];
  const writes: number[] = [];
  for (let i = 0; i < samples; i++) {
    const write = performance.now();
    const flagged = await fetch(`${url}/api/unobtainable`, {
      method: 'POST',
      headers: { ...headers, origin: url, 'content-type': 'application/json' },
      body: JSON.stringify({ npCommunicationId: id(first + i), trophyId: 1 }),
    });
    if (flagged.status !== 201) throw new Error(`flagging a trophy answered ${flagged.status}: ${await flagged.text()}`);
    await flagged.arrayBuffer();
    writes.push(performance.now() - write);
    const started = performance.now();
    const res = await fetch(`${url}${path}`, { headers });
    await res.arrayBuffer();
    times.push(performance.now() - started);
  }
  return { ...percentiles(times), write: percentiles(writes) };
}

function percentiles(times: number[]): { p50: number; p99: number } {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] as number;
  return { p50: at(0.5), p99: at(0.99) };
}

export async function benchHunterLibrary(options: HunterLibraryOptions = defaultHunterLibraryOptions): Promise<Row[]> {
  const store = { name: 'hunter', seed: (file: string) => seed(file, options), username: 'hunter', password: PASSWORD, startMs: 60_000 };
  return withSeededServer(import.meta.url, store, async (server) => {
    const label = `${options.titles.toLocaleString('en-US')} titles`;
    const rows = storeRows(server, `Hunter store: ${label}, 1 user`);
    type Page = { items: Array<Record<string, unknown>>; total: number };
    // The cabinet's last page of 100: the deepest a player pages (its cursor followed from the first page).
    let deep = '/api/profile/platinums?limit=100';
    for (let next: string | null = ''; next !== null; ) {
      const page = (await (await fetch(`${server.url}${deep}`, { headers: server.headers })).json()) as { nextCursor: string | null };
      next = page.nextCursor;
      if (next) deep = `/api/profile/platinums?limit=100&cursor=${next}`;
    }
    const targets = [
      {
        name: 'GET /api/profile',
        path: '/api/profile',
        expect: (b: { platinums: unknown[]; platinumCount: number; calendar: { total: number } }) =>
          b.platinums.length === 100 && b.platinumCount > 1000 && b.calendar.total > 0,
      },
      {
        name: 'GET /api/profile/platinums (the last page)',
        path: deep,
        expect: (b: { items: Array<{ number: number }>; total: number }) => b.total > 1000 && b.items.at(-1)?.number === b.total,
      },
      { name: 'GET /api/games?status=base-complete', path: '/api/games?limit=50&status=base-complete', expect: (b: Page) => b.total > 1000 },
      { name: 'GET /api/games?status=dlc-complete', path: '/api/games?limit=50&status=dlc-complete', expect: (b: Page) => b.total > 10 },
      { name: 'GET /api/games?status=platinum-dlc-missing', path: '/api/games?limit=50&status=platinum-dlc-missing', expect: (b: Page) => b.total > 10 },
    ];
    for (const [n, t] of targets.entries()) {
      const { body, result } = await checkedLoad(server, t.path, t.expect, options);
      const benchmark = `${t.name} at ${label}, ${(Buffer.byteLength(body) / 1024).toFixed(0)} KB`;
      // Trophies of titles no other target flagged (every seeded title has a trophy 1).
      const cold = await afterWrites(server.url, server.headers, t.path, 100 + n * 50);
      rows.push(
        { benchmark, metric: 'requests/s (repeat requests: kept answers)', value: result.rps, unit: 'req/s', failure: result.failure },
        { benchmark, metric: 'latency p50 (repeat requests)', value: result.p50, unit: 'ms', failure: result.failure },
        { benchmark, metric: 'latency p99 (repeat requests)', value: result.p99, unit: 'ms', target: { value: 20, kind: 'ceiling' }, failure: result.failure },
        { benchmark, metric: 'latency p50 (first request after a write)', value: cold.p50, unit: 'ms' },
        { benchmark, metric: 'latency p99 (first request after a write)', value: cold.p99, unit: 'ms', target: { value: 20, kind: 'ceiling' } },
        { benchmark, metric: 'the write before it (a flag) p50', value: cold.write.p50, unit: 'ms' },
        { benchmark, metric: 'the write before it (a flag) p99', value: cold.write.p99, unit: 'ms' },
      );
    }
    return rows;
  });
}

// The child's clock is the seeded data's: the calendar's last year ends on the seed's day.
if (process.argv.includes('--child') && process.argv[1] === fileURLToPath(import.meta.url)) await serveSeededStore({ now: () => NOW });
else if (process.argv[1] === fileURLToPath(import.meta.url)) {
  // `npx tsx bench/hunter-library.ts` runs this benchmark alone.
  const { formatTable } = await import('./table.ts');
  process.stdout.write(formatTable(await benchHunterLibrary()));
}
