/**
 * Sony as trackers met it in 2024–26, each untidiness a knob or fault of the simulator, and what
 * the person at the terminal sees: the product keeps working, shows what Sony sent, and says
 * plainly when Sony (not the login) is the problem.
 * @module
 */
import { describe, expect, it } from 'vitest';
import { DAY, expectNoSecrets, startHarness } from './harness.ts';

// biome-ignore lint/suspicious/noExplicitAny: the oracle's JSON is read loosely
type Json = any;

describe('Sony as it really answers, through the trophyroom command', { timeout: 90_000 }, () => {
  it('PC titles (PSPC) and titles of several platforms are listed with the platform Sony wrote, and open like any PS5 title', async () => {
    const h = await startHarness({ titles: 40, untidy: { pcTitles: 0.6 } });
    await h.login();
    const list: Json[] = JSON.parse((await h.run(['titles', '--json'])).stdout);
    const pc = list.find((t) => t.trophyTitlePlatform === 'PSPC');
    const several = list.find((t) => t.trophyTitlePlatform.includes(','));
    expect(pc).toMatchObject({ npServiceName: 'trophy2' });
    expect(several).toBeDefined();
    const table = await h.run(['titles']);
    expect(table.stdout).toMatch(new RegExp(`PSPC\\s+\\d+%.*${pc.npCommunicationId}`));
    expect(table.stdout).toContain(several.trophyTitlePlatform);
    const trophies = await h.run(['trophies', pc.npCommunicationId, '--json']);
    expect(trophies.code).toBe(0);
    expect(JSON.parse(trophies.stdout)).toMatchObject({ npServiceName: 'trophy2', platforms: ['PSPC'] });
    // PC games have no game-list entry (the game list is PS4 and PS5 only).
    const played: Json[] = JSON.parse((await h.run(['played', '--json'])).stdout);
    expect(played.some((g) => g.name === pc.trophyTitleName)).toBe(false);
  });

  it('played --trophies: a game without trophies shows none, a compilation both its sets, and a 20-id concept costs no extra request', async () => {
    const h = await startHarness({ titles: 60, untidy: { gamesWithoutTrophies: 0.3, multiSetProducts: 0.5, conceptSize: 20 } });
    const games = h.sim.world.gameList(0);
    const compilation = games.find((g) => g.npTitleId.endsWith('_01'));
    const bare = games.find((g) => g.noTrophies);
    if (!compilation || !bare) throw new Error('fixture: a compilation and a game without trophies expected');
    // The compilation's second set: the player starts it too.
    const second = h.sim.world.catalog.at(compilation.title.index + 1);
    if (!h.sim.world.library(0).byId.has(second.npCommunicationId))
      await h.admin('POST', `/accounts/${h.sim.credentialsOf(0).accountId}/titles`, { npCommunicationId: second.npCommunicationId });
    expect(Math.max(...h.sim.world.gameList(0).map((g) => g.conceptTitleIds.length))).toBeGreaterThan(5);
    await h.login();
    await h.admin('DELETE', '/requests');
    const run = await h.run(['played', '--trophies', '--json']);
    expect(run.code).toBe(0);
    const list: Json[] = JSON.parse(run.stdout);
    const all = h.sim.world.gameList(0);
    expect(list.map((g) => g.titleId)).toEqual(all.map((g) => g.npTitleId));
    expect(list.find((g) => g.titleId === bare.npTitleId).trophySets).toEqual([]);
    expect(list.find((g) => g.titleId === compilation.npTitleId).trophySets.map((s: Json) => s.npCommunicationId)).toEqual([
      compilation.title.npCommunicationId,
      second.npCommunicationId,
    ]);
    // One by-title-id request per 5 games, whatever the concepts hold.
    const counts = (await h.admin('GET', '/requests')) as Json;
    expect(counts.byRoute['trophy.byTitleId']).toBe(Math.ceil(all.length / 5));
    const table = await h.run(['played', '--trophies']);
    const row = (id: string) => table.stdout.split('\n').find((line) => line.includes(id)) ?? '';
    expect(row(bare.npTitleId)).toMatch(/none$/);
    expect(row(compilation.npTitleId)).toMatch(new RegExp(`${compilation.title.name} \\(\\d+%\\) \\+ ${second.name} \\(\\d+%\\)$`));
  });

  it("the game list's totalItemCount drifting between calls of one walk neither loses nor repeats a game", async () => {
    const h = await startHarness({ titles: 500, untidy: { totalItemCountDrift: 17 } });
    await h.login();
    const token = await h.truthToken();
    const first = (await h.truth('/api/gamelist/v2/users/me/titles?limit=200&offset=0', token)) as Json;
    const again = (await h.truth('/api/gamelist/v2/users/me/titles?limit=200&offset=0', token)) as Json;
    expect(Math.abs(first.totalItemCount - again.totalItemCount)).toBe(17);
    const run = await h.run(['played', '--json']);
    const list: Json[] = JSON.parse(run.stdout);
    const truth = h.sim.world.gameList(0).map((g) => g.npTitleId);
    expect(truth.length).toBeGreaterThan(400);
    expect(list.map((g) => g.titleId)).toEqual(truth);
  });

  it('an earned progress trophy whose stored progress Sony keeps below the target shows as earned, at its target', async () => {
    const h = await startHarness({ titles: 80, untidy: { earnedProgressBelowTarget: 1 } });
    await h.login();
    const token = await h.truthToken();
    let found: { id: string; trophyId: number; target: number } | undefined;
    for (const item of h.sim.world.library(0).items) {
      const state = h.sim.world.stateOf(0, item);
      const i = item.title.trophies.findIndex((t, k) => t.target !== undefined && state.earned[k]);
      if (i >= 0)
        found = { id: item.title.npCommunicationId, trophyId: item.title.trophies[i]?.id as number, target: item.title.trophies[i]?.target as number };
      if (found) break;
    }
    if (!found) throw new Error('fixture: an earned progress trophy expected');
    const sony = (await h.truth(`/api/trophy/v1/users/me/npCommunicationIds/${found.id}/trophyGroups/all/trophies?npServiceName=trophy2`, token)) as Json;
    const raw = sony.trophies.find((t: Json) => t.trophyId === found?.trophyId);
    expect(raw.earned).toBe(true);
    expect(Number(raw.progress)).toBeLessThan(found.target);
    const json = JSON.parse((await h.run(['trophies', found.id, '--json', '--hidden'])).stdout);
    const trophy = json.groups.flatMap((g: Json) => g.trophies).find((t: Json) => t.id === found?.trophyId);
    expect(trophy).toMatchObject({ earned: true, progress: { value: found.target, target: found.target, percent: 100 } });
    const table = await h.run(['trophies', found.id, '--hidden']);
    const row = table.stdout.split('\n').find((line) => new RegExp(`^\\s*${found?.trophyId}\\s`).test(line)) ?? '';
    expect(row).toMatch(new RegExp(`\\s${found.target}/${found.target}$`));
  });

  it("shows the refresh token's life as Sony granted it — 10 days for one account, 60 for another — never assumes 60", async () => {
    const h = await startHarness();
    const short = h.sim.credentialsOf(1);
    await h.admin('POST', `/accounts/${short.accountId}/token-lifetime`, { refreshTokenTtl: 863_999 });
    const login = await h.login(1);
    expect(login.stdout).toMatch(/Token: amber — 10 days left \(until [^)]+\)[^;\n]*; Sony granted 10 days\./);
    expect(login.stderr).toMatch(/Sony granted this login only 10 days/);
    expect(login.stdout + login.stderr).not.toMatch(/~?60 days/);
    const status = JSON.parse((await h.run(['status', '--json'])).stdout);
    expect(status.token).toMatchObject({ state: 'amber', daysLeft: 10, grantedSeconds: 863_999 });
    expect((await h.run(['status'])).stdout).toMatch(/10 days left .*; Sony granted 10 days/);
    // Another account, a 60-day grant: the same words, other numbers.
    await h.run(['logout']);
    const long = await h.login(0);
    expect(long.stdout).toMatch(/Token: green — 60 days left .*; Sony granted 60 days\./);
    expect(long.stderr).not.toMatch(/only/);
  });

  it("the edge firewall's HTML 403 after a burst: exit 5, 'back off, not a sign-in problem', no retry into the block, and the login is kept", async () => {
    const h = await startHarness({ titles: 30, edgeFirewall: { burst: 12, windowMs: 10_000, blockMs: 600_000 } });
    await h.login();
    await h.admin('DELETE', '/requests');
    const run = await h.run(['export', '--format', 'json']);
    expect(run.code).toBe(5);
    expect(run.stderr).toMatch(/edge firewall refused the request .*Back off and try again later; this is not a sign-in problem/);
    expect(run.stderr).not.toMatch(/trophyroom login/);
    const counts = (await h.admin('GET', '/requests')) as Json;
    // One refused request, then the command stopped: it did not hammer the block.
    expect(counts.byStatus['403']).toBe(1);
    expect((await h.run(['status'])).code).toBe(0);
    // Once the block has passed, the same login works.
    await h.admin('POST', '/clock', { advanceMs: 11 * 60_000 });
    expect((await h.run(['summary'])).code).toBe(0);
    expectNoSecrets(h);
  });

  it("Sony's sign-in outage (500s from the token endpoint) is not a dead login: 'Sony's sign-in is failing', the login kept, and it works again after", async () => {
    const h = await startHarness();
    // Signing in during the outage: nothing stored, and not blamed on the NPSSO.
    await h.admin('POST', '/faults', { kind: 'error', route: 'auth.token', status: 500 });
    const failed = await h.run(['login', '--npsso-stdin'], { input: h.npsso });
    expect(failed.code).toBe(5);
    expect(failed.stderr).toMatch(/Sony's sign-in service is failing \(HTTP 500\): an outage on Sony's side, not a problem with the NPSSO/);
    expect((await h.run(['status'])).code).toBe(3);
    await h.admin('DELETE', '/faults');
    await h.login();
    // Logged in; two hours later the access token needs a refresh, and Sony's sign-in is down.
    await h.admin('POST', '/clock', { advanceMs: 2 * 3_600_000 });
    await h.admin('POST', '/faults', { kind: 'error', route: 'auth.token', status: 500 });
    const during = await h.run(['summary']);
    expect(during.code).toBe(5);
    expect(during.stderr).toMatch(/Sony's sign-in service is failing .*Your login is kept and nothing needs reconnecting; try again later\./);
    expect(during.stderr).not.toMatch(/trophyroom login/);
    const status = await h.run(['status']);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/green/);
    await h.admin('DELETE', '/faults');
    expect((await h.run(['summary'])).code).toBe(0);
    // A dead login is told apart: revoked tokens exit 3 and ask for a new NPSSO.
    await h.admin('POST', `/accounts/${h.sim.credentialsOf(0).accountId}/revoke`);
    await h.admin('POST', '/clock', { advanceMs: 2 * 3_600_000 });
    const dead = await h.run(['summary']);
    expect(dead.code).toBe(3);
    expect(dead.stderr).toMatch(/trophyroom login/);
    expectNoSecrets(h);
  });

  it('a malformed title in the list is left out and reported; the rest of the list is shown', async () => {
    const h = await startHarness({ titles: 12 });
    await h.login();
    // Sony's answer with the first title's first field of the wrong type.
    await h.admin('POST', '/faults', { kind: 'malformed', variant: 'wrong-type-item', route: 'trophy.titles', count: 1 });
    const run = await h.run(['titles', '--json']);
    expect(run.code).toBe(0);
    const list: Json[] = JSON.parse(run.stdout);
    const truth = h.sim.world.library(0).items.map((i) => i.title.npCommunicationId);
    expect(list.map((t) => t.npCommunicationId)).toEqual(truth.slice(1));
    expect(run.stderr).toMatch(/Sony sent 1 malformed entry among the titles; it was left out and the rest is shown/);
  });

  it('the refresh token life counts down as Sony granted it: a 10-day login expires after 10 days, not 60', async () => {
    const h = await startHarness();
    await h.admin('POST', `/accounts/${h.sim.credentialsOf(2).accountId}/token-lifetime`, { refreshTokenTtl: 863_999 });
    await h.login(2);
    await h.admin('POST', '/clock', { advanceMs: 10 * DAY });
    const status = await h.run(['status']);
    expect(status.code).toBe(3);
    expect(status.stdout).toMatch(/expired/);
  });
});
