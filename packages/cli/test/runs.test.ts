import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '@trophyroom/server';
import { createSimulator } from 'psn-sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './harness.ts';

// Sony's limit made small (40 requests per 15 minutes) so that the import outlasts the test.
const LIMIT = { limit: 40, windowMs: 900_000 };

describe('trophyroom runs (a server’s imports through its API)', { timeout: 90_000 }, () => {
  const sim = createSimulator({ seed: 9, accounts: 2, titles: 60, privateRate: 0, rateLimit: LIMIT });
  const dir = mkdtempSync(join(tmpdir(), 'trophyroom-runs-'));
  let server: Awaited<ReturnType<typeof startServer>>;
  let env: Record<string, string>;
  let runId = '';
  let ids: string[] = [];

  beforeAll(async () => {
    const simUrl = await sim.listen(0);
    server = await startServer({ port: 0, logLevel: 'silent', env: {}, psnBaseUrl: simUrl, workerPollMs: 20, dataDir: dir, psnOptions: { budget: LIMIT } });
    const url = server.url as string;
    const signup = await fetch(`${url}/api/auth/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: url },
      body: JSON.stringify({ username: 'hunter', password: 'a long enough password' }),
    });
    const cookie = (signup.headers.get('set-cookie') ?? '').split(';')[0] as string;
    const headers = { 'content-type': 'application/json', origin: url, cookie };
    const created = await fetch(`${url}/api/tokens`, { method: 'POST', headers, body: JSON.stringify({ name: 'cli' }) });
    env = { TROPHYROOM_TOKEN: ((await created.json()) as { token: string }).token, TROPHYROOM_SERVER: url };
    await fetch(`${url}/api/connections/psn`, { method: 'POST', headers, body: JSON.stringify({ npsso: sim.npssoOf(0) }) });
    for (let i = 0; i < 400 && ids.length === 0; i++) {
      ids = ((await (await fetch(`${url}/api/psn/titles/ids`, { headers })).json()) as { ids: string[] }).ids;
      if (ids.length === 0) await new Promise((r) => setTimeout(r, 50));
    }
    const { jobId } = (await (await fetch(`${url}/api/psn/import`, { method: 'POST', headers, body: JSON.stringify({ npCommunicationIds: ids }) })).json()) as {
      jobId: string;
    };
    // Until the window is spent: from then on each request waits its turn (about 23 s).
    for (let i = 0; i < 600; i++) {
      const [run] = (
        (await (await fetch(`${url}/api/sync/runs?jobId=${jobId}`, { headers })).json()) as {
          items: Array<{ id: string; estimatedSecondsLeft: number | null }>;
        }
      ).items;
      if (run && (run.estimatedSecondsLeft ?? 0) > 600) {
        runId = run.id;
        break;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  });
  afterAll(async () => {
    await Promise.all([server.close(), sim.close()]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists the import with the requests it still needs and the time left, as a table and as JSON', async () => {
    expect(runId).not.toBe('');
    const json = await runCli(['runs', '--json'], { env });
    expect(json.code).toBe(0);
    const [run] = JSON.parse(json.stdout).items;
    expect(run).toMatchObject({ id: runId, kind: 'import', state: 'running' });
    expect(run.remainingRequests).toBeGreaterThan(0);
    expect(run.estimatedSecondsLeft).toBeGreaterThan(600);
    expect(Date.parse(run.estimatedFinishAt)).toBeGreaterThan(Date.now() + 600_000);
    const table = await runCli(['runs'], { env });
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/Requests left\s+Time left/);
    expect(table.stdout).toMatch(new RegExp(`${runId}\\s+import\\s+running\\s+\\d+/${ids.length}\\s+\\d+\\s+~\\d+ (min|h)`));
  });

  it('pauses, re-orders and resumes the import; a wrong run id is refused in the server’s words', async () => {
    const paused = await runCli(['runs', 'pause', runId], { env });
    expect(paused.code).toBe(0);
    expect(paused.stdout).toMatch(/State\s+paused/);
    const first = await runCli(['runs', 'first', runId, ids.at(-1) as string, '--json'], { env });
    expect(JSON.parse(first.stdout).run.priority).toEqual([ids.at(-1)]);
    const resumed = await runCli(['runs', 'resume', runId, '--json'], { env });
    expect(JSON.parse(resumed.stdout).run.state).toBe('running');
    const again = await runCli(['runs', 'resume', runId], { env });
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/not paused/);
    const missing = await runCli(['runs', 'pause'], { env });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/Which run\?/);
  });
});
