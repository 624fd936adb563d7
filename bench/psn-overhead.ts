/**
 * What the client (`@trophyroom/psn`) costs per call, over loopback, compared with a bare `fetch`
 * and with psn-api making the same calls against the same simulator.
 *
 * The simulator runs as its own process (`bin/psn-sim.js`, rate limit off) so that it and the
 * three variants, in this process, each have a core. The client signs in once with its rate budget
 * off (`budget: false`): this measures the work per call, not waiting for the budget. The bare
 * `fetch` and psn-api use that client's access token. psn-api calls Sony's real hosts through the
 * global `fetch`; during its calls the global `fetch` swaps scheme and host for the simulator's
 * origin, nothing else.
 *
 * Each call runs in rounds. A round runs one batch of every variant, in an order that rotates from
 * round to round, so that drift (GC, other load on the machine) falls on all three alike. Means and
 * ratios are the medians of the rounds; p50 and p99 are over every measured call.
 * @module
 */
import { fileURLToPath } from 'node:url';
import { PsnClient } from '../packages/psn/src/index.ts';
import { ROOT, firstLine, spawnTracked, stop } from './sim-throughput.ts';
import type { Row } from './table.ts';

export interface OverheadOptions {
  /** Calls of each variant before measuring, per call and concurrency. */
  warmup: number;
  /** Measured calls of each variant, per call and concurrency. */
  calls: number;
  /** Rounds the measured calls are split into. */
  rounds: number;
  /** Concurrencies to run at; 1 is sequential. */
  concurrencies: number[];
  /** The client's time per call must stay below this multiple of the bare fetch's. */
  ceiling: number;
}

export const defaultOverheadOptions: OverheadOptions = { warmup: 200, calls: 2000, rounds: 20, concurrencies: [1, 8], ceiling: 1.1 };

const SONY_ORIGIN = 'https://m.np.playstation.com';
const VARIANTS = ['bare fetch', 'our client', 'psn-api'] as const;
type Variant = (typeof VARIANTS)[number];

interface Call {
  label: string;
  /** URL of the bare fetch: the exact request the client and psn-api make. */
  url: string;
  client: () => Promise<unknown>;
  psnApi: () => Promise<unknown>;
}

/** One batch: the time per call (µs) and every call's latency (µs). */
interface Batch {
  perCall: number;
  samples: Float64Array;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function percentile(sorted: Float64Array, p: number): number {
  return sorted[Math.max(0, Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1))] as number;
}

/**
 * Runs `n` calls on `concurrency` workers. Sequentially the time per call is the mean latency;
 * with several workers it is the wall time divided by the calls, the cost of a call under load.
 */
async function batch(fn: () => Promise<unknown>, n: number, concurrency: number): Promise<Batch> {
  const samples = new Float64Array(n);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < n; i = next++) {
      const t0 = performance.now();
      await fn();
      samples[i] = (performance.now() - t0) * 1000;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const wall = (performance.now() - started) * 1000;
  let sum = 0;
  for (const s of samples) sum += s;
  return { perCall: concurrency === 1 ? sum / n : wall / n, samples };
}

/** Runs the benchmark; the simulator is killed before it returns or throws. */
export async function benchOverhead(options: OverheadOptions = defaultOverheadOptions): Promise<Row[]> {
  const psnApi = await import('psn-api');
  const realFetch = globalThis.fetch;
  const sim = spawnTracked(
    process.execPath,
    ['packages/psn-sim/bin/psn-sim.js', '--port', '0', '--json', '--rate-limit', 'off', '--accounts', '5', '--titles', '300'],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  try {
    const hello = JSON.parse(await firstLine(sim, 30_000, 'psn-sim')) as { url: string; accounts: Array<{ npsso: string }> };
    const npsso = hello.accounts[0]?.npsso;
    if (!npsso) throw new Error('psn-sim printed no account');
    const origin = new URL(hello.url).origin;
    // psn-api's global fetch: Sony's data host becomes the simulator's origin; anything else is refused.
    const redirected = ((input: string | URL | Request, init?: RequestInit) => {
      if (typeof input === 'string' && input.startsWith(SONY_ORIGIN)) return realFetch(origin + input.slice(SONY_ORIGIN.length), init);
      return Promise.reject(new TypeError(`psn-overhead: refused a request to ${String(input)}`));
    }) as typeof fetch;

    const client = await PsnClient.fromNpsso(npsso, { baseUrl: hello.url, budget: false });
    const accessToken = client.tokens?.accessToken;
    if (!accessToken) throw new Error('the client did not sign in');
    const auth = { accessToken };
    const headers = { authorization: `Bearer ${accessToken}` };
    const me = `${origin}/api/trophy/v1/users/me`;

    // A title of typical size: the median trophy count of the first page. Passing the title itself
    // gives the client its npServiceName.
    const page = await client.trophies.titles({ limit: 100 });
    const count = (t: (typeof page.trophyTitles)[number]) =>
      t.definedTrophies.bronze + t.definedTrophies.silver + t.definedTrophies.gold + t.definedTrophies.platinum;
    const title = [...page.trophyTitles].sort((a, b) => count(a) - count(b))[page.trophyTitles.length >> 1];
    if (!title) throw new Error('the title list is empty');

    const calls: Call[] = [
      {
        label: 'title list page (limit 100)',
        url: `${me}/trophyTitles?limit=100&offset=0`,
        client: () => client.trophies.titles({ limit: 100 }),
        psnApi: () => psnApi.getUserTitles(auth, 'me', { limit: 100, offset: 0 }),
      },
      {
        label: 'trophy summary',
        url: `${me}/trophySummary`,
        client: () => client.trophies.summary(),
        psnApi: () => psnApi.getUserTrophyProfileSummary(auth, 'me'),
      },
      {
        label: `userTrophies all (${count(title)} trophies)`,
        url: `${me}/npCommunicationIds/${title.npCommunicationId}/trophyGroups/all/trophies?npServiceName=${title.npServiceName}`,
        client: () => client.trophies.userTrophies(title),
        psnApi: () =>
          psnApi.getUserTrophiesEarnedForTitle(auth, 'me', title.npCommunicationId, 'all', { npServiceName: title.npServiceName as 'trophy' | 'trophy2' }),
      },
    ];

    const rows: Row[] = [];
    for (const call of calls) {
      let failed = 0;
      const firstFailures: string[] = [];
      const fail = (variant: Variant, what: unknown) => {
        failed += 1;
        if (firstFailures.length < 3) firstFailures.push(`${variant}: ${what instanceof Error ? what.message : String(what)}`);
      };
      const bare = async () => {
        const response = await fetch(call.url, { headers });
        await response.json();
        if (response.status !== 200) fail('bare fetch', `status ${response.status}`);
      };
      const ours = async () => {
        try {
          await call.client();
        } catch (error) {
          fail('our client', error);
        }
      };
      const theirs = async () => {
        globalThis.fetch = redirected;
        try {
          // psn-api reads the body whatever the status; Sony's error body carries `error`.
          const body = (await call.psnApi()) as { error?: unknown };
          if (body.error) fail('psn-api', JSON.stringify(body.error));
        } catch (error) {
          fail('psn-api', error);
        } finally {
          globalThis.fetch = realFetch;
        }
      };
      const check = await fetch(call.url, { headers });
      const bytes = Buffer.byteLength(await check.text());
      if (check.status !== 200) throw new Error(`GET ${call.url} answered ${check.status}`);
      const run: Record<Variant, () => Promise<unknown>> = { 'bare fetch': bare, 'our client': ours, 'psn-api': theirs };
      for (const concurrency of options.concurrencies) {
        const perRound = Math.ceil(options.calls / options.rounds);
        const batches: Record<Variant, Batch[]> = { 'bare fetch': [], 'our client': [], 'psn-api': [] };
        for (const variant of VARIANTS) await batch(run[variant], options.warmup, concurrency);
        for (let round = 0; round < options.rounds; round++) {
          for (let k = 0; k < VARIANTS.length; k++) {
            const variant = VARIANTS[(round + k) % VARIANTS.length] as Variant;
            batches[variant].push(await batch(run[variant], perRound, concurrency));
          }
        }
        const failure = failed > 0 ? `${failed} calls failed: ${firstFailures.join('; ')}` : undefined;
        rows.push(...figures(call, bytes, concurrency, batches, options, failure));
      }
    }
    return rows;
  } finally {
    globalThis.fetch = realFetch;
    await stop(sim);
  }
}

function figures(
  call: Call,
  bytes: number,
  concurrency: number,
  batches: Record<Variant, Batch[]>,
  options: OverheadOptions,
  failure: string | undefined,
): Row[] {
  const size = bytes < 10_240 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / 1024).toFixed(0)} KB`;
  const benchmark = `psn client: ${call.label}, ${size}, ${concurrency === 1 ? 'sequential' : `concurrency ${concurrency}`}`;
  const perCall = (v: Variant) => median(batches[v].map((b) => b.perCall));
  const ratio = (a: Variant, b: Variant) => median(batches[a].map((x, i) => x.perCall / (batches[b][i] as Batch).perCall));
  const pooled = (v: Variant) => {
    const all = new Float64Array(batches[v].reduce((n, b) => n + b.samples.length, 0));
    let at = 0;
    for (const b of batches[v]) {
      all.set(b.samples, at);
      at += b.samples.length;
    }
    return all.sort();
  };
  const what = concurrency === 1 ? 'mean µs/call' : 'wall µs/call';
  const rows: Row[] = [
    { benchmark, metric: `bare fetch: ${what}`, value: perCall('bare fetch'), unit: 'µs', failure },
    {
      benchmark,
      metric: `our client: ${what}, vs psn-api`,
      value: perCall('our client'),
      unit: 'µs',
      target: { value: perCall('psn-api'), kind: 'baseline' },
      failure,
    },
  ];
  if (concurrency === 1) {
    const sorted = { 'bare fetch': pooled('bare fetch'), 'our client': pooled('our client'), 'psn-api': pooled('psn-api') };
    for (const p of [50, 99]) {
      const base = { value: percentile(sorted['bare fetch'], p), kind: 'baseline' as const };
      rows.push(
        { benchmark, metric: `our client: p${p}, vs bare fetch`, value: percentile(sorted['our client'], p), unit: 'µs', target: base, failure },
        { benchmark, metric: `psn-api: p${p}, vs bare fetch`, value: percentile(sorted['psn-api'], p), unit: 'µs', target: base, failure },
      );
    }
  }
  rows.push({
    benchmark,
    metric: 'our client ÷ bare fetch, median of rounds',
    value: ratio('our client', 'bare fetch'),
    unit: '×',
    target: { value: options.ceiling, kind: 'ceiling' },
    failure,
  });
  return rows;
}

// `npx tsx bench/psn-overhead.ts` runs this benchmark alone.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { formatTable } = await import('./table.ts');
  process.stdout.write(formatTable(await benchOverhead()));
}
