/**
 * A long import across a SIGKILL and a restart, from the outside: the server spawned as a process
 * against the simulator with Sony's limit made small (40 requests per 15 minutes, in both), killed
 * while the import waits for the window, and started again on the same data.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Simulator, createSimulator } from 'psn-sim';
import { afterEach, describe, expect, it } from 'vitest';
import { Client, type Json } from '../test/http-harness.ts';
import { type ServerProcess, spawnServer } from '../test/spawn-server.ts';

const LIMIT = { limit: 40, windowMs: 900_000 };
const processes: ServerProcess[] = [];
const dirs: string[] = [];
let sim: Simulator | undefined;

afterEach(async () => {
  for (const p of processes.splice(0)) p.child.kill('SIGKILL');
  await sim?.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function waitFor<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what} never happened: ${JSON.stringify(value).slice(0, 400)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('a long import whose server is killed', () => {
  it('loses nothing and keeps its estimate across a SIGKILL and a restart, then goes on as the same run', async () => {
    sim = createSimulator({ seed: 43, accounts: 2, titles: 60, privateRate: 0, rateLimit: LIMIT });
    const simUrl = await sim.listen(0);
    const dir = mkdtempSync(join(tmpdir(), 'trophyroom-long-restart-'));
    dirs.push(dir);
    const options = { dataDir: dir, psnBaseUrl: simUrl, workerPollMs: 20, workerLeaseMs: 1000, psnOptions: { budget: LIMIT } };
    const first = await spawnServer(options);
    processes.push(first);
    const client = new Client(first.url);
    expect((await client.post('/api/auth/signup', { username: 'hunter', password: 'a long enough password' })).status).toBe(201);
    expect((await client.post('/api/connections/psn', { npsso: sim.npssoOf(0) })).status).toBe(201);
    await client.until('/api/psn/titles?limit=1', (r) => r.body.state === 'ready', 20_000);
    const ids = (await client.get('/api/psn/titles/ids')).body.ids as string[];
    const { jobId } = (await client.post('/api/psn/import', { npCommunicationIds: ids })).body;
    // The window spent: the run waits for Sony's next request, and says how long the rest takes.
    const perRequest = (LIMIT.windowMs + 15_000) / LIMIT.limit / 1000;
    let before: Json = await waitFor(
      'the window spent',
      async () => (await client.get(`/api/sync/runs?jobId=${jobId}`)).body.items[0],
      (r: Json) => r?.state === 'running' && r.remainingRequests > 0 && r.estimatedSecondsLeft === Math.ceil(r.remainingRequests * perRequest),
    );
    const synced = async (c: Client) =>
      ((await c.get('/api/games?limit=100')).body.items as Json[]).filter((g) => g.syncedAt !== null).map((g) => g.npCommunicationId as string);
    const imported = await synced(client);
    // Read again after the games: a title saved just now is counted on the run by then.
    before = (await client.get(`/api/sync/runs?jobId=${jobId}`)).body.items[0];
    expect(imported).toHaveLength(before.done);

    first.child.kill('SIGKILL');
    await first.exited;
    processes.splice(processes.indexOf(first), 1);
    const second = await spawnServer(options);
    processes.push(second);
    const again = new Client(second.url, { cookie: client.cookie as string });

    // Nothing lost: the same run, what it had done, the requests it still needs; the budget remembers its window, so the estimate holds.
    const after: Json = (await again.get(`/api/sync/runs?jobId=${jobId}`)).body.items[0];
    expect(after).toMatchObject({ id: before.id, kind: 'import', done: before.done, total: ids.length, remainingRequests: before.remainingRequests });
    expect(['running', 'interrupted']).toContain(after.state);
    expect(after.estimatedSecondsLeft).toBe(Math.ceil(after.remainingRequests * perRequest));
    expect(Date.parse(after.estimatedFinishAt)).toBeGreaterThanOrEqual(Date.parse(before.estimatedFinishAt) - 1000);
    expect(await synced(again)).toEqual(imported);
    // Its job is picked up again and resumes the same run: one import, still with its estimate.
    const resumed: Json = await waitFor(
      'the import resumed',
      async () => (await again.get('/api/sync/runs?limit=5')).body.items,
      (runs: Json[]) => runs.some((r) => r.id === before.id && r.state === 'running'),
    );
    expect(resumed.filter((r: Json) => r.kind === 'import')).toHaveLength(1);
    expect(resumed.find((r: Json) => r.id === before.id).estimatedSecondsLeft).toBeGreaterThan(0);
  }, 90_000);
});
