import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './harness.ts';
import { type LibraryServer, startLibraryServer } from './library-server.ts';

/** An API answer as the tests read it: loosely, the assertions doing the checking. */
// biome-ignore lint/suspicious/noExplicitAny: see above
type Json = Record<string, any>;

describe('trophyroom stats and trophyroom unobtainable (through a server’s API)', { timeout: 90_000 }, () => {
  let library: LibraryServer;
  let dir: string;
  let url: string;
  let token: string;
  const api = async (path: string): Promise<Json> => (await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${token}` } })).json() as Promise<Json>;
  const cli = (args: string[]) => runCli([...args, '--server', url], { env: { TROPHYROOM_TOKEN: token } });

  beforeAll(async () => {
    library = await startLibraryServer({
      name: 'stats',
      sim: { seed: 7, accounts: 1, titles: 30, huntedRate: 0.3, privateRate: 0 },
      username: 'hunter',
      followSimClock: true,
      polls: 600,
    });
    ({ dir, url, token } = library);
  });
  afterAll(() => library?.close());

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

describe('trophyroom stats with a cabinet of more platinums than the profile carries', { timeout: 120_000 }, () => {
  let library: LibraryServer;
  beforeAll(async () => {
    // More than one window of Sony's budget: both ends allow it, so the import is not a 15-minute wait.
    const rateLimit = { limit: 2_000, windowMs: 900_000 };
    library = await startLibraryServer({
      name: 'cabinet',
      sim: { seed: 7, accounts: 1, titles: 180, huntedRate: 1, privateRate: 0, rateLimit },
      username: 'hunter',
      psnBudget: rateLimit,
      polls: 2_000,
    });
  });
  afterAll(() => library?.close());

  it('reads the whole cabinet, a page at a time, into the table and the JSON', async () => {
    const api = async (path: string): Promise<Json> =>
      (await fetch(`${library.url}${path}`, { headers: { authorization: `Bearer ${library.token}` } })).json() as Promise<Json>;
    const profile = await api('/api/profile');
    expect(profile.platinumCount).toBeGreaterThan(100);
    expect(profile.platinums).toHaveLength(100);
    const whole = await api('/api/profile/platinums?limit=500');
    const cli = (args: string[]) => runCli([...args, '--server', library.url], { env: { TROPHYROOM_TOKEN: library.token } });
    const json = await cli(['stats', '--json']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({ ...profile, platinums: whole.items, platinumsNext: null });
    const table = await cli(['stats']);
    expect(table.code).toBe(0);
    const last = whole.items.at(-1);
    expect(last.number).toBe(profile.platinumCount);
    expect(table.stdout).toMatch(new RegExp(`\\n\\s*${last.number}\\s+${last.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  });
});
