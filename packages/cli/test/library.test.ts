import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '@trophyroom/server';
import { createSimulator } from 'psn-sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './harness.ts';
import { importLibrary, tokenFor } from './library-server.ts';

type Server = Awaited<ReturnType<typeof startServer>>;

describe('trophyroom library export|import (through a server’s API)', { timeout: 90_000 }, () => {
  const sim = createSimulator({ seed: 5, accounts: 2, titles: 12, privateRate: 0 });
  const dir = mkdtempSync(join(tmpdir(), 'trophyroom-library-'));
  let source: Server;
  let target: Server;
  let sourceToken: string;
  beforeAll(async () => {
    const simUrl = await sim.listen(0);
    const base = { port: 0, logLevel: 'silent' as const, env: {}, psnBaseUrl: simUrl, workerPollMs: 20 };
    [source, target] = await Promise.all([startServer({ ...base, dataDir: join(dir, 'a') }), startServer({ ...base, dataDir: join(dir, 'b') })]);
    const url = source.url as string;
    const { token, cookie } = await tokenFor(url, 'player');
    sourceToken = token;
    await importLibrary(url, cookie, sim.npssoOf(0));
  });
  afterAll(async () => {
    await Promise.all([source.close(), target.close(), sim.close()]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('exports a library to a file and imports it into an empty one on another server: the same library comes back', async () => {
    const file = join(dir, 'library.json');
    const exported = await runCli(['library', 'export', '--server', source.url as string, '--out', file], { env: { TROPHYROOM_TOKEN: sourceToken } });
    expect(exported.stderr).toBe('');
    expect(exported.code).toBe(0);
    const archive = JSON.parse(readFileSync(file, 'utf8'));
    expect(archive.format).toBe('trophyroom-library');
    expect(archive.titles.length).toBeGreaterThan(0);

    const { token } = await tokenFor(target.url as string, 'newcomer');
    const imported = await runCli(['library', 'import', file, '--server', target.url as string], { env: { TROPHYROOM_TOKEN: token } });
    expect(imported.stderr).toBe('');
    expect(imported.stdout).toMatch(new RegExp(`^Imported ${archive.titles.length} titles with \\d+ trophy states`));
    const again = await runCli(['library', 'export', '--server', target.url as string], { env: { TROPHYROOM_TOKEN: token } });
    expect({ ...JSON.parse(again.stdout), exportedAt: 0, account: null }).toEqual({ ...archive, exportedAt: 0, account: null });

    const csv = await runCli(['library', 'export', '--format', 'csv', '--server', source.url as string], { env: { TROPHYROOM_TOKEN: sourceToken } });
    expect(csv.stdout.split('\r\n')[0]).toMatch(/^npCommunicationId,title,platform,/);

    // A second import into a library that is no longer empty: refused, exit 2, the server's words.
    const twice = await runCli(['library', 'import', file, '--server', target.url as string], { env: { TROPHYROOM_TOKEN: token } });
    expect(twice.code).toBe(2);
    expect(twice.stderr).toMatch(/already holds titles.*Nothing was imported/);
  });

  it('refuses a bad file, a missing token and a wrong one with what to do, and changes nothing', async () => {
    const { token } = await tokenFor(target.url as string, 'careful');
    const bad = join(dir, 'bad.json');
    writeFileSync(
      bad,
      JSON.stringify({ format: 'trophyroom-library', version: 1, exportedAt: 'x', language: 'en-US', account: null, titles: [{ npCommunicationId: 'nope' }] }),
    );
    const refused = await runCli(['library', 'import', bad, '--server', target.url as string], { env: { TROPHYROOM_TOKEN: token } });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/titles\.0\.npCommunicationId/);
    writeFileSync(bad, 'not json');
    expect((await runCli(['library', 'import', bad, '--server', target.url as string], { env: { TROPHYROOM_TOKEN: token } })).stderr).toMatch(/is not JSON/);
    const empty = await runCli(['library', 'export', '--server', target.url as string], { env: { TROPHYROOM_TOKEN: token } });
    expect(JSON.parse(empty.stdout).titles).toEqual([]);

    const none = await runCli(['library', 'export', '--server', target.url as string]);
    expect(none.code).toBe(3);
    expect(none.stderr).toMatch(/TROPHYROOM_TOKEN/);
    const wrong = await runCli(['library', 'export', '--server', target.url as string], { env: { TROPHYROOM_TOKEN: 'trp_wrong' } });
    expect(wrong.code).toBe(3);
    expect(wrong.stderr).not.toContain('trp_wrong');
  });
});
