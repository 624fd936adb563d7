import { beforeAll, describe, expect, it } from 'vitest';
import { createSimulator } from '../simulator.ts';
import { get, signIn } from '../testing.ts';

const sim = createSimulator({ seed: 13, accounts: 6, titles: 40, privateRate: 0 });
const L = 'http://sim/trophy/v1';
let token = '';
beforeAll(async () => {
  token = (await signIn(sim.fetch, 'http://sim', sim.credentialsOf(0).npsso)).access_token;
});

describe('legacy regional trophy host (seed 002)', () => {
  it("answers Example 1's URL with totalResults, offset, limit and trophyTitlePlatfrom", async () => {
    const r = await get(sim.fetch, `${L}/trophyTitles?npLanguage=en-GB&platform=PS4,PS3,PSVITA`, token);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ offset: 0, limit: expect.any(Number), totalResults: expect.any(Number) });
    const first = r.body.trophyTitles[0];
    expect(first).toHaveProperty('trophyTitlePlatfrom');
    expect(first).not.toHaveProperty('trophyTitlePlatform');
    expect(first.fromUser).toMatchObject({
      onlineId: sim.credentialsOf(0).onlineId,
      progress: expect.any(Number),
      hiddenFlag: expect.any(Boolean),
      lastUpdateDate: expect.any(String),
    });
    const re5 = r.body.trophyTitles.find((t: { npCommunicationId: string }) => t.npCommunicationId === 'NPWR10600_00');
    expect(re5).toMatchObject({
      trophyTitleName: 'RESIDENT EVIL 5',
      definedTrophies: { bronze: 53, silver: 16, gold: 1, platinum: 1 },
      fromUser: { lastUpdateDate: '2017-02-09T22:14:52Z' },
    });
    expect(r.body.trophyTitles.every((t: { trophyTitlePlatfrom: string }) => !t.trophyTitlePlatfrom.includes('PS5'))).toBe(true);
  });

  it('limits pages to 128 and filters by platform (Example 2)', async () => {
    expect((await get(sim.fetch, `${L}/trophyTitles?npLanguage=en-GB&platform=PS4&limit=129`, token)).status).toBe(400);
    const r = await get(sim.fetch, `${L}/trophyTitles?npLanguage=en-GB&platform=PS4&offset=1&limit=2`, token);
    expect(r.body).toMatchObject({ offset: 1, limit: 2 });
    expect(r.body.trophyTitles.every((t: { trophyTitlePlatfrom: string }) => t.trophyTitlePlatfrom.split(',').includes('PS4'))).toBe(true);
    expect((await get(sim.fetch, `${L}/trophyTitles?platform=PS4`, token)).status).toBe(400);
  });

  it('answers the RE5 groups URL with default and 001 VERSUS and per-user fromUser', async () => {
    const r = await get(sim.fetch, `${L}/trophyTitles/NPWR10600_00/trophyGroups?npLanguage=en-GB`, token);
    expect(r.body.trophyTitlePlatfrom).toBe('PS4');
    expect(r.body.trophyGroups[0]).toMatchObject({
      trophyGroupId: 'default',
      definedTrophies: { bronze: 38, silver: 11, gold: 1, platinum: 1 },
      fromUser: { progress: 100, earnedTrophies: { bronze: 38, silver: 11, gold: 1, platinum: 1 } },
    });
    expect(r.body.trophyGroups[1]).toMatchObject({ trophyGroupId: '001', trophyGroupName: 'VERSUS', trophyGroupDetail: 'VERSUS', fromUser: { progress: 0 } });
  });

  it('answers the RE5 trophies URLs with trophyEarnedRate and the recorded trophies', async () => {
    const url = `${L}/trophyTitles/NPWR10600_00/trophyGroups/default/trophies?npLanguage=en-GB&visibleType=1&fields=%40default%2CtrophyEarnedRate`;
    const r = await get(sim.fetch, url, token);
    expect(r.body.trophies[0]).toMatchObject({
      trophyId: 0,
      trophyType: 'platinum',
      trophyName: 'RESIDENT EVIL 5 Platinum Trophy',
      trophyEarnedRate: '3.8',
      fromUser: { earned: true, earnedDate: '2017-02-09T22:12:14Z' },
    });
    expect(r.body.trophies[1]).toMatchObject({
      trophyId: 1,
      trophyName: 'Completed Chapter 1 - 1',
      trophyEarnedRate: '68.4',
      fromUser: { earned: true, earnedDate: '2016-06-29T18:50:35Z' },
    });
    const versus = (await get(sim.fetch, url.replace('/default/', '/001/'), token)).body.trophies;
    expect(versus[0]).toMatchObject({ trophyId: 51, trophyName: 'Army of One', trophyEarnedRate: '0.4', fromUser: { earned: false } });
    expect(versus[0].fromUser).not.toHaveProperty('earnedDate');
    const plain = (await get(sim.fetch, url.replace('&fields=%40default%2CtrophyEarnedRate', ''), token)).body.trophies[0];
    expect(plain).not.toHaveProperty('trophyEarnedRate');
  });

  it('masks unearned secret trophies unless visibleType=1', async () => {
    for (const item of sim.world.library(0).items.filter((i) => i.title.service === 'trophy')) {
      const state = sim.world.stateOf(0, item);
      const i = item.title.trophies.findIndex((t, k) => t.hidden && !state.earned[k]);
      if (i < 0) continue;
      const t = item.title.trophies[i];
      const url = `${L}/trophyTitles/${item.title.npCommunicationId}/trophyGroups/${t?.groupId}/trophies?npLanguage=en-GB`;
      const masked = (await get(sim.fetch, url, token)).body.trophies.find((x: { trophyId: number }) => x.trophyId === t?.id);
      expect(masked).toEqual({ trophyId: t?.id, trophyHidden: true, fromUser: { onlineId: sim.credentialsOf(0).onlineId, earned: false } });
      const shown = (await get(sim.fetch, `${url}&visibleType=1`, token)).body.trophies.find((x: { trophyId: number }) => x.trophyId === t?.id);
      expect(shown.trophyName).toEqual(expect.any(String));
      return;
    }
    throw new Error('no unearned secret trophy in the fixture world');
  });

  it('adds comparedUser objects and counts shared titles once', async () => {
    const other = sim.credentialsOf(1).onlineId;
    const mine = (await get(sim.fetch, `${L}/trophyTitles?npLanguage=en-GB&platform=PS4,PS3,PSVITA&limit=128`, token)).body;
    const both = (await get(sim.fetch, `${L}/trophyTitles?npLanguage=en-GB&platform=PS4,PS3,PSVITA&limit=128&comparedUser=${other}`, token)).body;
    expect(both.totalResults).toBeGreaterThanOrEqual(mine.totalResults);
    const compared = both.trophyTitles.filter((t: { comparedUser?: { onlineId: string } }) => t.comparedUser);
    expect(compared.length).toBeGreaterThan(0);
    expect(compared[0].comparedUser.onlineId).toBe(other);
    expect(compared[0].comparedUser).not.toHaveProperty('hiddenFlag');
  });

  it('maps an online id to its account id through profile2, with the legacy 404', async () => {
    const me = sim.credentialsOf(2);
    const r = await get(sim.fetch, `http://sim/userProfile/v1/users/${me.onlineId}/profile2?fields=accountId,onlineId`, token);
    expect(r.body.profile).toMatchObject({ onlineId: me.onlineId, accountId: me.accountId });
    const missing = await get(sim.fetch, 'http://sim/userProfile/v1/users/nobody_here/profile2', token);
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ error: { code: 2105356, message: "User not found (user: 'nobody_here')" } });
  });
});
