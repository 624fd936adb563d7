import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '@trophyroom/server';
import { createSimulator } from 'psn-sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './harness.ts';

/** An API answer as the tests read it: loosely, the assertions doing the checking. */
// biome-ignore lint/suspicious/noExplicitAny: see above
type Json = Record<string, any>;

describe('trophyroom stats and trophyroom unobtainable (through a server’s API)', { timeout: 90_000 }, () => {
  const sim = createSimulator({ seed: 7, accounts: 1, titles: 30, huntedRate: 0.3, privateRate: 0 });
  const dir = mkdtempSync(join(tmpdir(), 'trophyroom-stats-'));
  let server: Awaited<ReturnType<typeof startServer>>;
  let url: string;
  let token: string;
  const api = async (path: string): Promise<Json> => (await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${token}` } })).json() as Promise<Json>;
  const cli = (args: string[]) => runCli([...args, '--server', url], { env: { TROPHYROOM_TOKEN: token } });

  beforeAll(async () => {
    const simUrl = await sim.listen(0);
    server = await startServer({ port: 0, logLevel: 'silent', env: {}, psnBaseUrl: simUrl, workerPollMs: 20, dataDir: dir, now: () => sim.clock.now() });
    url = server.url as string;
    const signup = await fetch(`${url}/api/auth/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: url },
      body: JSON.stringify({ username: 'hunter', password: 'a long enough password' }),
    });
    const headers = { 'content-type': 'application/json', origin: url, cookie: (signup.headers.get('set-cookie') ?? '').split(';')[0] as string };
    token = ((await (await fetch(`${url}/api/tokens`, { method: 'POST', headers, body: JSON.stringify({ name: 'cli' }) })).json()) as { token: string }).token;
    await fetch(`${url}/api/connections/psn`, { method: 'POST', headers, body: JSON.stringify({ npsso: sim.npssoOf(0) }) });
    let ids: string[] = [];
    for (let i = 0; i < 200 && ids.length === 0; i++) {
      ids = ((await (await fetch(`${url}/api/psn/titles/ids`, { headers })).json()) as { ids: string[] }).ids;
      if (ids.length === 0) await new Promise((r) => setTimeout(r, 50));
    }
    const { jobId } = (await (await fetch(`${url}/api/psn/import`, { method: 'POST', headers, body: JSON.stringify({ npCommunicationIds: ids }) })).json()) as {
      jobId: string;
    };
    for (let i = 0; i < 600; i++) {
      const runs = (await (await fetch(`${url}/api/sync/runs?jobId=${jobId}`, { headers })).json()) as { items: Array<{ state: string }> };
      if (runs.items[0] && runs.items[0].state !== 'running') break;
      await new Promise((r) => setTimeout(r, 50));
    }
  });
  afterAll(async () => {
    await Promise.all([server.close(), sim.close()]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints the profile page as tables, and whole as JSON', async () => {
    const profile = await api('/api/profile');
    expect(profile.platinums.length).toBeGreaterThan(1);
    const json = await cli(['stats', '--json']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual(profile);

    const table = await cli(['stats']);
    expect(table.code).toBe(0);
    expect(table.stderr).toBe('');
    expect(table.stdout).toContain(`Level`);
    expect(table.stdout).toContain(`${profile.level.level} (${profile.level.progress}% to the next`);
    expect(table.stdout).toContain('Platinum cabinet');
    for (const p of profile.platinums) expect(table.stdout).toMatch(new RegExp(`\\n\\s*${p.number}\\s+${p.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    expect(table.stdout).toContain('Rarest trophies earned');
    expect(table.stdout).toContain(profile.rarest[0].name);
    for (const p of profile.platforms) expect(table.stdout).toMatch(new RegExp(`\\n${p.platform}\\s+${p.games}\\s+${p.completed}`));
  });

  it('flags, lists, unflags and imports unobtainable trophies; a list naming unknown ones is refused whole with each named', async () => {
    const game = (await api('/api/games?limit=100&sort=progress')).items.find((g: Json) => g.progress > 0 && g.progress < 100);
    const detail = await api(`/api/games/${game.npCommunicationId}?reveal=true`);
    const open = detail.groups.flatMap((g: Json) => g.trophies).filter((t: Json) => !t.earned && t.type !== 'platinum');
    expect(open.length).toBeGreaterThan(0);
    const id = game.npCommunicationId as string;

    const bad = join(dir, 'bad-list.json');
    writeFileSync(
      bad,
      JSON.stringify({
        source: 'a forum thread',
        trophies: [
          { npCommunicationId: id, trophyId: open[0].id },
          { npCommunicationId: 'NPWR99999_00', trophyId: 3 },
        ],
      }),
    );
    const refused = await cli(['unobtainable', 'import', bad]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('title NPWR99999_00');
    expect(refused.stderr).toContain('Nothing was flagged');
    expect(JSON.parse((await cli(['unobtainable', 'list', '--json'])).stdout)).toEqual([]);

    const flagged = await cli(['unobtainable', 'flag', id, String(open[0].id), '--note', 'servers shut down']);
    expect(flagged.code).toBe(0);
    expect(flagged.stdout).toContain(`Flagged unobtainable: ${open[0].name}`);
    const good = join(dir, 'list.json');
    writeFileSync(good, JSON.stringify({ source: 'a forum thread', trophies: open.slice(1).map((t: Json) => ({ npCommunicationId: id, trophyId: t.id })) }));
    if (open.length > 1) expect((await cli(['unobtainable', 'import', good])).stdout).toBe(`Flagged ${open.length - 1} trophies unobtainable in 1 games.\n`);
    const list = await cli(['unobtainable', 'list']);
    expect(list.stdout).toContain(`${open[0].id} ${open[0].name}`);
    expect(list.stdout).toMatch(/you\n/);
    const after = await api(`/api/games/${id}`);
    expect(after.game).toMatchObject({ obtainableProgress: 100, unobtainable: open.length });

    expect((await cli(['unobtainable', 'unflag', id, String(open[0].id)])).code).toBe(0);
    expect((await cli(['unobtainable', 'unflag', id, String(open[0].id)])).code).toBe(2);
    expect((await api(`/api/games/${id}`)).game.unobtainable).toBe(open.length - 1);
    const usage = await cli(['unobtainable', 'flag', 'nonsense', '1']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('npCommunicationId');
  });
});
