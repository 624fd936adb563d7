/**
 * `trophyroom record` against the simulator (it cannot reach Sony here): the tour, the redaction,
 * the anonymisation — and `psn-sim --replay` serving what it wrote, with the product on top.
 * @module
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Recording, parseRecording } from 'psn-sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, type Harness, expectNoSecrets, runCli, startHarness } from './harness.ts';

// biome-ignore lint/suspicious/noExplicitAny: recorded JSON is read loosely
type Json = any;

describe('trophyroom record', { timeout: 90_000 }, () => {
  let h: Harness;
  let dir: string;
  let file: string;
  let text: string;
  let recording: Recording;
  let recordRun: Awaited<ReturnType<Harness['run']>>;

  beforeAll(async () => {
    h = await startHarness({ titles: 30, accounts: 8 }, 'suite');
    dir = mkdtempSync(join(tmpdir(), 'trophyroom-record-'));
    file = join(dir, 'tour.json');
    recordRun = await h.run(['record', '--npsso-stdin', '--out', file], { input: h.npsso });
    text = readFileSync(file, 'utf8');
    recording = parseRecording(text, 'tour.json');
  });

  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await h.close();
  });

  it('tours every route the client calls, labelled with route and case, and writes the file owner-only', async () => {
    expect(recordRun.code).toBe(0);
    expect(recordRun.stdout).toMatch(/^Recorded \d+ answers from \d+ routes to .*tour\.json\./);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const routes = new Set(recording.exchanges.map((e) => e.route));
    for (const route of [
      'auth.authorize',
      'auth.token',
      'trophy.summary',
      'trophy.titles',
      'trophy.titleGroups',
      'trophy.titleTrophies',
      'trophy.userGroups',
      'trophy.userTrophies',
      'trophy.byTitleId',
      'gamelist.titles',
      'profile.profiles',
      'profile.friends',
      'profile.presence',
      'legacy.profile2',
      'search.universal',
      'legacy.titles',
      'legacy.groups',
      'legacy.trophies',
      'graphql.op',
    ])
      expect(routes, route).toContain(route);
    const cases = recording.exchanges.map((e) => `${e.route} ${e.case} ${e.response.status}`);
    expect(cases).toContain('auth.token authorization_code 200');
    expect(cases).toContain('auth.token refresh_token 200');
    expect(cases).toContain('trophy.titleTrophies unknown-id 404');
    expect(cases).toContain('trophy.byTitleId unknown-id 404');
    // Nothing of the tour reached the config directory: the sign-in was its own.
    expect((await h.run(['status'])).code).toBe(3);
  });

  it('removes every secret: the NPSSO, tokens, the authorization code, cookies and request headers', async () => {
    expect(text).not.toContain(h.npsso);
    expect(text).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}/);
    expect(text).not.toMatch(/bearer [A-Za-z0-9]/i);
    expect(text).not.toMatch(/"(authorization|cookie|set-cookie)"/i);
    const token = recording.exchanges.find((e) => e.route === 'auth.token') as Json;
    expect(token.response.body).toMatchObject({ access_token: '<redacted>', refresh_token: '<redacted>', id_token: '<redacted>', token_type: 'bearer' });
    expect(token.request.body).toMatch(/code=<redacted>/);
    const authorize = recording.exchanges.find((e) => e.route === 'auth.authorize') as Json;
    expect(authorize.response.headers.location).toMatch(/[?&]code=<redacted>&cid=/);
    for (const e of recording.exchanges) expect(Object.keys(e.request)).toEqual(expect.arrayContaining(['method', 'url']));
    expectNoSecrets(h);
  });

  it('replaces account ids, online ids and names consistently: the same person keeps the same stand-in everywhere', async () => {
    const friends = h.sim.world.friends(0).map((i) => h.sim.world.account(i));
    expect(friends.length).toBeGreaterThan(0);
    for (const person of [h.sim.world.account(0), ...friends]) {
      expect(text).not.toContain(person.accountId);
      expect(text.toLowerCase()).not.toContain(`"${person.onlineId.toLowerCase()}"`);
    }
    expect(text).not.toContain(`"${h.sim.world.account(0).firstName}"`);
    const summary = recording.exchanges.find((e) => e.route === 'trophy.summary' && e.case === 'own') as Json;
    expect(summary.response.body.accountId).toBe('1000000000000000001');
    const profile = recording.exchanges.find((e) => e.route === 'profile.profiles' && e.case === 'own') as Json;
    expect(profile.response.body).toMatchObject({ onlineId: 'player1', personalDetail: { firstName: expect.stringMatching(/^First\d+$/) } });
    expect((recording.exchanges.find((e) => e.route === 'legacy.profile2') as Json).request.url).toMatch(/\/users\/player1\/profile2\?/);
    // The first friend: the same stand-in in the friends list and in the URL of their summary.
    const friendList = (recording.exchanges.find((e) => e.route === 'profile.friends') as Json).response.body.friends as string[];
    const other = recording.exchanges.find((e) => e.route === 'trophy.summary' && e.case !== 'own') as Json;
    expect(other.request.url).toContain(`/users/${friendList[0]}/trophySummary`);
    expect(friendList.every((id) => /^10{15}\d{3}$/.test(id))).toBe(true);
  });

  it('psn-sim --replay serves what record wrote: the product runs on it and shows the same titles as the simulator did', async () => {
    await h.login();
    const truth = JSON.parse((await h.run(['titles', '--json'])).stdout) as Json[];
    const replay = spawn(process.execPath, [BIN, 'sim', '--replay', file, '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const url = await firstLine(replay).then((line) => JSON.parse(line).url as string);
    try {
      const config = mkdtempSync(join(tmpdir(), 'trophyroom-replay-'));
      const env = { TROPHYROOM_CONFIG_DIR: config, TROPHYROOM_PSN_BASE_URL: url };
      const login = await runCli(['login', '--npsso-stdin'], { input: 'B'.repeat(64), env });
      expect(login.code).toBe(0);
      expect(login.stdout).toContain('Logged in as player1 (1000000000000000001)');
      const titles = await runCli(['titles', '--json'], { env });
      expect(titles.code).toBe(0);
      const replayed = JSON.parse(titles.stdout) as Json[];
      expect(replayed.map((t) => [t.npCommunicationId, t.trophyTitleName, t.progress])).toEqual(
        truth.map((t) => [t.npCommunicationId, t.trophyTitleName, t.progress]),
      );
      const summary = JSON.parse((await runCli(['summary', '--json'], { env })).stdout);
      expect(summary).toMatchObject({ onlineId: 'player1', accountId: '1000000000000000001' });
      rmSync(config, { recursive: true, force: true });
    } finally {
      replay.kill('SIGTERM');
    }
  });

  it('refuses to run without --out, and exits 3 when Sony refuses the NPSSO (nothing written)', async () => {
    const none = await h.run(['record', '--npsso-stdin'], { input: h.npsso });
    expect(none.code).toBe(2);
    const bad = join(dir, 'bad.json');
    const refused = await h.run(['record', '--npsso-stdin', '--out', bad], { input: 'A'.repeat(64) });
    expect(refused.code).toBe(3);
    expect(() => statSync(bad)).toThrow();
  });
});

function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      buffer += chunk;
      const end = buffer.indexOf('\n');
      if (end >= 0) resolve(buffer.slice(0, end));
    });
    child.on('exit', (code) => reject(new Error(`replay exited ${code}`)));
  });
}
