/**
 * What the client itself adds to a call, without the network: the same three calls as
 * `psn-overhead.ts`, answered at once by a `fetch` that hands back the simulator's recorded bytes,
 * against that `fetch` plus `response.json()`. Token check, deadline, `Api.call`, `Transport` and
 * zod's validation remain; loopback, the simulator and the machine's other work do not, so the
 * figure is steady where the loopback ratios of `psn-overhead.ts` swing by ±0.2 on a busy machine.
 * Median of 7 rounds of 2,000 calls each, after 3 warm-up rounds. Not part of `npm run bench`:
 * `npx tsx bench/psn-client-cost.ts`.
 * @module
 */
import { fileURLToPath } from 'node:url';
import { PsnClient, type TrophyTitle } from '../packages/psn/src/index.ts';
import { createSimulator } from '../packages/psn-sim/src/index.ts';

const ROUNDS = 7;
const WARMUP_ROUNDS = 3;
const CALLS = 2000;

export interface ClientCost {
  call: string;
  bareUs: number;
  clientUs: number;
}

export async function measureClientCost(): Promise<ClientCost[]> {
  const sim = createSimulator({ seed: 1, accounts: 2, titles: 300, rateLimit: false });
  const url = await sim.listen(0);
  let title: TrophyTitle;
  const bodies = new Map<string, string>();
  let tokens: PsnClient['tokens'];
  try {
    const real = await PsnClient.fromNpsso(sim.credentialsOf(0).npsso, { baseUrl: url, budget: false });
    tokens = real.tokens;
    const page = await real.trophies.titles({ limit: 100 });
    // The title of median size on the page, as psn-overhead.ts picks it.
    const sorted = [...page.trophyTitles].sort((a, b) => count(a) - count(b));
    title = sorted[Math.floor(sorted.length / 2)] as TrophyTitle;
    const me = `${url}/api/trophy/v1/users/me`;
    const paths = {
      titles: `${me}/trophyTitles?limit=100&offset=0`,
      summary: `${me}/trophySummary`,
      userTrophies: `${me}/npCommunicationIds/${title.npCommunicationId}/trophyGroups/all/trophies?npServiceName=${title.npServiceName}`,
    };
    for (const [call, path] of Object.entries(paths))
      bodies.set(call, await (await fetch(path, { headers: { authorization: `Bearer ${tokens?.accessToken}` } })).text());
  } finally {
    await sim.close();
  }
  let current = '';
  const answer = async () => new Response(bodies.get(current), { headers: { 'content-type': 'application/json' } });
  const client = new PsnClient({ fetch: answer, baseUrl: url, tokens, budget: false });
  const calls: Record<string, () => Promise<unknown>> = {
    titles: () => client.trophies.titles({ limit: 100 }),
    summary: () => client.trophies.summary(),
    userTrophies: () => client.trophies.userTrophies(title),
  };
  const bare = async () => (await answer()).json();
  const results: ClientCost[] = [];
  for (const [call, ours] of Object.entries(calls)) {
    current = call;
    const bareTimes: number[] = [];
    const ourTimes: number[] = [];
    for (let round = 0; round < WARMUP_ROUNDS + ROUNDS; round++) {
      const b = await perCall(bare);
      const o = await perCall(ours);
      if (round >= WARMUP_ROUNDS) {
        bareTimes.push(b);
        ourTimes.push(o);
      }
    }
    results.push({ call, bareUs: median(bareTimes), clientUs: median(ourTimes) });
  }
  return results;
}

function count(t: TrophyTitle): number {
  const d = t.definedTrophies;
  return d.bronze + d.silver + d.gold + d.platinum;
}

async function perCall(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < CALLS; i++) await fn();
  return ((performance.now() - start) / CALLS) * 1000;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const { call, bareUs, clientUs } of await measureClientCost())
    process.stdout.write(
      `${call.padEnd(13)} instant fetch + json ${bareUs.toFixed(1).padStart(6)} µs   client ${clientUs.toFixed(1).padStart(6)} µs   client adds ${(clientUs - bareUs).toFixed(1).padStart(5)} µs\n`,
    );
  process.exit(0);
}
