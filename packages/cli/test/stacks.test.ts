import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '@trophyroom/server';
import { createSimulator } from 'psn-sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './harness.ts';

type Server = Awaited<ReturnType<typeof startServer>>;

describe('trophyroom stacks (through a server’s API)', { timeout: 90_000 }, () => {
  const sim = createSimulator({ seed: 7, accounts: 2, titles: 24, privateRate: 0 });
  const dir = mkdtempSync(join(tmpdir(), 'trophyroom-stacks-'));
  let server: Server;
  let env: Record<string, string>;
  beforeAll(async () => {
    const simUrl = await sim.listen(0);
    server = await startServer({ port: 0, logLevel: 'silent', env: {}, psnBaseUrl: simUrl, workerPollMs: 20, dataDir: dir });
    const url = server.url as string;
    const signup = await fetch(`${url}/api/auth/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: url },
      body: JSON.stringify({ username: 'player', password: 'a long enough password' }),
    });
    const cookie = (signup.headers.get('set-cookie') ?? '').split(';')[0] as string;
    const headers = { 'content-type': 'application/json', origin: url, cookie };
    const { token } = (await (await fetch(`${url}/api/tokens`, { method: 'POST', headers, body: JSON.stringify({ name: 'cli' }) })).json()) as {
      token: string;
    };
    env = { TROPHYROOM_TOKEN: token, TROPHYROOM_SERVER: url };
    await fetch(`${url}/api/connections/psn`, { method: 'POST', headers, body: JSON.stringify({ npsso: sim.npssoOf(0) }) });
    let ids: string[] = [];
    for (let i = 0; i < 200 && ids.length === 0; i++) {
      ids = ((await (await fetch(`${url}/api/psn/titles/ids`, { headers })).json()) as { ids: string[] }).ids;
      if (ids.length === 0) await new Promise((r) => setTimeout(r, 50));
    }
    const { jobId } = (await (await fetch(`${url}/api/psn/import`, { method: 'POST', headers, body: JSON.stringify({ npCommunicationIds: ids }) })).json()) as {
      jobId: string;
    };
    for (let i = 0; i < 400; i++) {
      const runs = (await (await fetch(`${url}/api/sync/runs?jobId=${jobId}`, { headers })).json()) as { items: Array<{ state: string }> };
      if (runs.items[0] && runs.items[0].state !== 'running') break;
      await new Promise((r) => setTimeout(r, 50));
    }
  });
  afterAll(async () => {
    await Promise.all([server.close(), sim.close()]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists each stack with its versions and their progress, as a table and as JSON', async () => {
    const json = await runCli(['stacks', '--json'], { env });
    expect(json.code).toBe(0);
    const { items, total } = JSON.parse(json.stdout);
    expect(total).toBeGreaterThan(0);
    expect(items).toHaveLength(total);
    const stack = items[0];
    expect(stack.versions.length).toBeGreaterThan(1);
    // The simulator's versions of one game: one name, one trophy set, other platforms.
    const titles = stack.versions.map((v: { npCommunicationId: string }) => sim.world.catalog.byId(v.npCommunicationId));
    expect(new Set(titles.map((t: { name: string }) => t.name)).size).toBe(1);

    const table = await runCli(['stacks'], { env });
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/Game\s+Platform\s+Id\s+Progress\s+Trophies\s+Platinum/);
    for (const v of stack.versions) expect(table.stdout).toContain(v.npCommunicationId);
    expect(table.stdout).toContain(stack.name);
  });

  it('splits a stack and joins lists by hand; unknown ids are named and nothing changes', async () => {
    const before = JSON.parse((await runCli(['stacks', '--json'], { env })).stdout);
    const [a, b] = before.items[0].versions.map((v: { npCommunicationId: string }) => v.npCommunicationId);
    const refused = await runCli(['stacks', 'join', a, 'NPWR99999_00'], { env });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('NPWR99999_00');
    expect(JSON.parse((await runCli(['stacks', '--json'], { env })).stdout)).toEqual(before);

    const split = await runCli(['stacks', 'split', a], { env });
    expect(split.code).toBe(0);
    expect(JSON.parse((await runCli(['stacks', '--json'], { env })).stdout).total).toBe(before.total - 1);
    const joined = await runCli(['stacks', 'join', a, b], { env });
    expect(joined.code).toBe(0);
    expect(joined.stdout).toContain('(joined by hand)');
    expect(JSON.parse((await runCli(['stacks', '--json'], { env })).stdout).total).toBe(before.total);

    const usage = await runCli(['stacks', 'join', a], { env });
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('Join two lists or more');
  });
});
