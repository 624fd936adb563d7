import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, expectNoSecrets, startHarness } from './harness.ts';

// biome-ignore lint/suspicious/noExplicitAny: the oracle's JSON is read loosely
type Json = any;

describe('data commands, as tables and as JSON, against what the simulator serves', { timeout: 60_000 }, () => {
  let h: Harness;
  let token: string;
  let truthTitles: Json[];

  beforeAll(async () => {
    h = await startHarness({}, 'suite');
    await h.login();
    token = await h.truthToken();
    truthTitles = ((await h.truth('/api/trophy/v1/users/me/trophyTitles?limit=800', token)) as Json).trophyTitles;
  });

  afterAll(() => h.close());

  it('titles', async () => {
    // Independent runs go side by side: each is a whole process.
    const [json, table, limitedRun, bad] = await Promise.all([
      h.run(['titles', '--json']),
      h.run(['titles']),
      h.run(['titles', '--json', '--limit', '2']),
      h.run(['titles', '--limit', 'x']),
    ]);
    expect(json.code).toBe(0);
    const list = JSON.parse(json.stdout);
    expect(list.map((t: Json) => t.npCommunicationId)).toEqual(truthTitles.map((t) => t.npCommunicationId));
    expect(list[0]).toMatchObject({ trophyTitleName: truthTitles[0].trophyTitleName, progress: truthTitles[0].progress });

    expect(table.code).toBe(0);
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^Title\s+Platform\s+Progress\s+Earned\s+Updated\s+Id$/);
    expect(lines).toHaveLength(truthTitles.length + 1);
    expect(lines[1]).toContain(truthTitles[0].npCommunicationId);
    expect(table.stdout).not.toContain('\u001b[');

    expect(JSON.parse(limitedRun.stdout)).toHaveLength(2);
    expect(bad.code).toBe(2);
  });

  it('trophies, by id and by name, with earned dates and rarity', async () => {
    const re5 = truthTitles.find((t) => t.npCommunicationId === 'NPWR10600_00');
    expect(re5).toBeDefined();
    const earned = (await h.truth('/api/trophy/v1/users/me/npCommunicationIds/NPWR10600_00/trophyGroups/all/trophies?npServiceName=trophy', token)) as Json;
    const json = JSON.parse((await h.run(['trophies', 'NPWR10600_00', '--json'])).stdout);
    expect(json.name).toBe('RESIDENT EVIL 5');
    const all = json.groups.flatMap((g: Json) => g.trophies);
    expect(all).toHaveLength(earned.trophies.length);
    for (const e of earned.trophies) {
      const t = all.find((x: Json) => x.id === e.trophyId);
      expect(t.earned).toBe(e.earned);
      expect(t.earnedAt).toBe(e.earnedDateTime);
      expect(t.rarity.rate).toBe(Number(e.trophyEarnedRate));
    }
    const table = await h.run(['trophies', 'resident evil']);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^RESIDENT EVIL 5 {2}PS4 {2}NPWR10600_00/);
    expect(table.stdout).toMatch(/RESIDENT EVIL 5 Platinum Trophy\s+2017-02-09 22:12\s+3\.8%\s+ultra rare/);
    expect(table.stdout).toContain('VERSUS');

    const unknown = await h.run(['trophies', 'no such game']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/No title matching "no such game"/);
    expect((await h.run(['trophies'])).code).toBe(2);
  });

  it('summary', async () => {
    const truth = (await h.truth('/api/trophy/v1/users/me/trophySummary', token)) as Json;
    const json = JSON.parse((await h.run(['summary', '--json'])).stdout);
    expect(json).toMatchObject({ accountId: truth.accountId, trophyLevel: Number(truth.trophyLevel), earnedTrophies: truth.earnedTrophies });
    const table = (await h.run(['summary'])).stdout;
    expect(table).toMatch(new RegExp(`Level\\s+${truth.trophyLevel} \\(tier ${truth.tier}`));
  });

  it('played, with play time', async () => {
    const truth = (await h.truth('/api/gamelist/v2/users/me/titles?categories=ps4_game,ps5_native_game&limit=200', token)) as Json;
    const json = JSON.parse((await h.run(['played', '--json'])).stdout);
    expect(json.map((g: Json) => g.titleId)).toEqual(truth.titles.map((g: Json) => g.titleId));
    const [, h1, m1, s1] = /PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?/.exec(truth.titles[0].playDuration) ?? [];
    expect(json[0].playSeconds).toBe(Number(h1 ?? 0) * 3600 + Number(m1 ?? 0) * 60 + Number(s1 ?? 0));
    const table = (await h.run(['played'])).stdout;
    expect(table.split('\n')[0]).toMatch(/^Game\s+Platform\s+Play time\s+Sessions\s+Last played/);
    expect(table).toContain(`${h1}h ${String(m1 ?? 0).padStart(2, '0')}m`);
  });

  it('profile', async () => {
    const other = h.sim.credentialsOf(1);
    const json = JSON.parse((await h.run(['profile', other.onlineId, '--json'])).stdout);
    expect(json).toMatchObject({ onlineId: other.onlineId, accountId: other.accountId, trophiesPrivate: false });
    const table = await h.run(['profile', other.onlineId]);
    expect(table.stdout).toMatch(new RegExp(`Account id\\s+${other.accountId}`));
    const me = JSON.parse((await h.run(['profile', 'me', '--json'])).stdout);
    expect(me.accountId).toBe(h.sim.credentialsOf(0).accountId);
    const missing = await h.run(['profile', 'NoSuchPlayer404']);
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('secret trophies not yet earned keep their names and details to themselves, in JSON too, unless --hidden', async () => {
    let secret: { title: string; ids: number[]; names: string[] } | undefined;
    for (const t of truthTitles) {
      const path = `npCommunicationIds/${t.npCommunicationId}/trophyGroups/all/trophies?npServiceName=${t.npServiceName}`;
      const defs = ((await h.truth(`/api/trophy/v1/${path}`, token)) as Json).trophies;
      const mine = ((await h.truth(`/api/trophy/v1/users/me/${path}`, token)) as Json).trophies;
      const unearned = defs.filter((d: Json) => d.trophyHidden && !mine.find((m: Json) => m.trophyId === d.trophyId)?.earned);
      if (unearned.length > 0) {
        secret = { title: t.npCommunicationId, ids: unearned.map((d: Json) => d.trophyId), names: unearned.map((d: Json) => d.trophyName) };
        break;
      }
    }
    if (!secret) throw new Error('the simulator gave account 0 no unearned secret trophy');
    const [masked, shown, table] = await Promise.all([
      h.run(['trophies', secret.title, '--json']),
      h.run(['trophies', secret.title, '--json', '--hidden']),
      h.run(['trophies', secret.title]),
    ]);
    const byId = (run: { stdout: string }) => new Map(JSON.parse(run.stdout).groups.flatMap((g: Json) => g.trophies.map((t: Json) => [t.id, t])));
    for (const [i, id] of secret.ids.entries()) {
      expect(byId(masked).get(id)).toMatchObject({ name: '(secret trophy)', detail: '', hidden: true, earned: false });
      expect(byId(shown).get(id)).toMatchObject({ name: secret.names[i] });
    }
    for (const name of secret.names) {
      expect(masked.stdout).not.toContain(`"${name}"`);
      expect(table.stdout).not.toContain(name);
    }
    expect(table.stdout).toContain('(secret trophy)');

    // compare: a secret trophy neither player has earned is masked the same way.
    const other = h.sim.credentialsOf(1).onlineId;
    const [compared, comparedHidden] = await Promise.all([
      h.run(['compare', other, secret.title, '--json']),
      h.run(['compare', other, secret.title, '--json', '--hidden']),
    ]);
    const rows = JSON.parse(compared.stdout).trophies as Json[];
    const rowsHidden = JSON.parse(comparedHidden.stdout).trophies as Json[];
    const unseen = rows.filter((r) => r.hidden && !r.you.earned && !r.them.earned);
    expect(unseen.length).toBeGreaterThan(0);
    for (const r of unseen) {
      expect(r.name).toBe('(secret trophy)');
      expect(rowsHidden.find((x) => x.id === r.id).name).toBe(secret.names[secret.ids.indexOf(r.id)]);
    }
  });

  it('compare, every title and one title, side by side', async () => {
    const other = h.sim.credentialsOf(1);
    const theirs = ((await h.truth(`/api/trophy/v1/users/${other.accountId}/trophyTitles?limit=800`, token)) as Json).trophyTitles;
    const json = JSON.parse((await h.run(['compare', other.onlineId, '--json'])).stdout);
    const ids = new Set([...truthTitles, ...theirs].map((t: Json) => t.npCommunicationId));
    expect(json.titles).toHaveLength(ids.size);
    for (const row of json.titles) {
      const m = truthTitles.find((t) => t.npCommunicationId === row.npCommunicationId);
      const t = theirs.find((x: Json) => x.npCommunicationId === row.npCommunicationId);
      expect(row.you?.progress ?? null).toBe(m?.progress ?? null);
      expect(row.them?.progress ?? null).toBe(t?.progress ?? null);
    }
    const table = await h.run(['compare', other.onlineId]);
    expect(table.stdout.split('\n')[0]).toMatch(new RegExp(`^Title\\s+Platform\\s+${h.sim.credentialsOf(0).onlineId}\\s+${other.onlineId}$`));

    const shared = json.titles.find((r: Json) => r.you && r.them) ?? json.titles[0];
    const one = JSON.parse((await h.run(['compare', other.onlineId, shared.npCommunicationId, '--json'])).stdout);
    expect(one.npCommunicationId).toBe(shared.npCommunicationId);
    expect(one.trophies.filter((t: Json) => t.you.earned).length).toBe(
      shared.you
        ? shared.you.earnedTrophies.bronze + shared.you.earnedTrophies.silver + shared.you.earnedTrophies.gold + shared.you.earnedTrophies.platinum
        : 0,
    );
    const oneTable = await h.run(['compare', other.onlineId, shared.npCommunicationId]);
    expect(oneTable.code).toBe(0);
    expect(oneTable.stdout).toContain(other.onlineId);

    await h.admin('POST', `/accounts/${other.accountId}/privacy`, { privateTrophies: true });
    const denied = await h.run(['compare', other.onlineId]);
    expect(denied.code).toBe(2);
    expect(denied.stderr).toMatch(/private/);
    await h.admin('POST', `/accounts/${other.accountId}/privacy`, { privateTrophies: false });
  });

  it('get: any Sony path or URL with the stored token', async () => {
    const truth = await h.truth('/api/trophy/v1/users/me/trophySummary', token);
    const byPath = await h.run(['get', '/api/trophy/v1/users/me/trophySummary']);
    expect(byPath.code).toBe(0);
    expect(JSON.parse(byPath.stdout)).toEqual(truth);
    const byUrl = await h.run(['get', 'https://m.np.playstation.com/api/trophy/v1/users/me/trophyTitles?limit=2&offset=1']);
    const page = JSON.parse(byUrl.stdout);
    expect(page.trophyTitles.map((t: Json) => t.npCommunicationId)).toEqual(truthTitles.slice(1, 3).map((t) => t.npCommunicationId));
    const legacy = JSON.parse((await h.run(['get', '/trophy/v1/trophyTitles?npLanguage=en-GB&platform=PS4,PS3,PSVITA&limit=3'])).stdout);
    expect(legacy.trophyTitles).toHaveLength(3);
    const missing = await h.run(['get', '/api/trophy/v1/npCommunicationIds/NPWR99999_00/trophyGroups']);
    expect(missing.code).toBe(2);
    expect((await h.run(['get'])).code).toBe(2);
  });

  it('graphql: a persisted query with variables', async () => {
    const [result, badVars, unknown, wrongHash] = await Promise.all([
      h.run(['graphql', 'metGetAccount', '--vars', '{"accountId":"me"}']),
      h.run(['graphql', 'metGetAccount', '--vars', '{nope']),
      h.run(['graphql', 'someOperation']),
      h.run(['graphql', 'someOperation', '--hash', 'a'.repeat(64)]),
    ]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toHaveProperty('loyaltyAccountRetrieve');
    expect(badVars.code).toBe(2);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/--hash/);
    expect(wrongHash.code).toBe(2);
    expectNoSecrets(h);
  });
});
