import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './harness.ts';
import { type LibraryServer, startLibraryServer } from './library-server.ts';

describe('trophyroom stacks (through a server’s API)', { timeout: 90_000 }, () => {
  let library: LibraryServer;
  let env: Record<string, string>;
  beforeAll(async () => {
    library = await startLibraryServer({ name: 'stacks', sim: { seed: 7, accounts: 2, titles: 24, privateRate: 0 }, username: 'player' });
    env = { TROPHYROOM_TOKEN: library.token, TROPHYROOM_SERVER: library.url };
  });
  afterAll(() => library?.close());

  it('lists each stack with its versions and their progress, as a table and as JSON', async () => {
    const json = await runCli(['stacks', '--json'], { env });
    expect(json.code).toBe(0);
    const { items, total } = JSON.parse(json.stdout);
    expect(total).toBeGreaterThan(0);
    expect(items).toHaveLength(total);
    const stack = items[0];
    expect(stack.versions.length).toBeGreaterThan(1);
    // The simulator's versions of one game: one name, one trophy set, other platforms.
    const titles = stack.versions.map((v: { npCommunicationId: string }) => library.sim.world.catalog.byId(v.npCommunicationId));
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
