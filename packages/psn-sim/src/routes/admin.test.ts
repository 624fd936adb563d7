import { describe, expect, it } from 'vitest';
import { createSimulator } from '../simulator.ts';
import { get, signIn } from '../testing.ts';

const BASE = 'http://sim';
const T = `${BASE}/api/trophy/v1`;
const post = (sim: ReturnType<typeof createSimulator>, path: string, body: object = {}) =>
  sim.fetch(`${BASE}/__sim${path}`, { method: 'POST', body: JSON.stringify(body) }).then(async (r) => ({ status: r.status, body: await r.json() }));

async function setup() {
  const sim = createSimulator({ seed: 21, accounts: 5, titles: 12, clock: Date.parse('2026-11-05T00:00:00Z') });
  const token = (await signIn(sim.fetch, BASE, sim.credentialsOf(1).npsso)).access_token;
  return { sim, token, me: sim.credentialsOf(1) };
}

describe('admin API', () => {
  it('earns a trophy: counts, progress and the title moves to the top with the clock time', async () => {
    const { sim, token, me } = await setup();
    const list = (await get(sim.fetch, `${T}/users/me/trophyTitles`, token)).body.trophyTitles;
    const target = list[5];
    const q = `npServiceName=${target.npServiceName}`;
    const earned = (await get(sim.fetch, `${T}/users/me/npCommunicationIds/${target.npCommunicationId}/trophyGroups/all/trophies?${q}`, token)).body.trophies;
    const missing = earned.find((t: { earned: boolean; trophyType: string }) => !t.earned && t.trophyType !== 'platinum');
    sim.clock.advance(60_000);
    const r = await post(sim, `/accounts/${me.onlineId}/trophies`, { npCommunicationId: target.npCommunicationId, trophyId: missing.trophyId });
    expect(r.status).toBe(200);
    const after = (await get(sim.fetch, `${T}/users/me/trophyTitles`, token)).body.trophyTitles;
    expect(after[0].npCommunicationId).toBe(target.npCommunicationId);
    expect(after[0].lastUpdatedDateTime).toBe('2026-11-05T00:01:00Z');
    expect(after[0].earnedTrophies[missing.trophyType]).toBe(target.earnedTrophies[missing.trophyType] + 1);
    const trophy = (
      await get(sim.fetch, `${T}/users/me/npCommunicationIds/${target.npCommunicationId}/trophyGroups/all/trophies?${q}`, token)
    ).body.trophies.find((t: { trophyId: number }) => t.trophyId === missing.trophyId);
    expect(trophy).toMatchObject({ earned: true, earnedDateTime: '2026-11-05T00:01:00Z' });
  });

  it('awards the platinum by itself once the base game is complete', async () => {
    const { sim, me } = await setup();
    const item = sim.world.library(1).items.find((i) => i.title.trophies.some((t) => t.type === 'platinum') && !sim.world.stateOf(1, i).earned[0]);
    if (!item) throw new Error('fixture: no title with an unearned platinum');
    for (const t of item.title.trophies) {
      if (t.groupId === 'default' && t.type !== 'platinum')
        await post(sim, `/accounts/${me.accountId}/trophies`, { npCommunicationId: item.title.npCommunicationId, trophyId: t.id });
    }
    const state = sim.world.titleState(1, item.title.npCommunicationId);
    expect(state?.earnedCounts.platinum).toBe(1);
  });

  it('adds a new title to the top of a library, with one trophy so that PSN lists it', async () => {
    const { sim, token, me } = await setup();
    const before = (await get(sim.fetch, `${T}/users/me/trophyTitles`, token)).body.totalItemCount;
    const added = await post(sim, `/accounts/${me.onlineId}/titles`);
    const after = (await get(sim.fetch, `${T}/users/me/trophyTitles`, token)).body;
    expect(after.totalItemCount).toBe(before + 1);
    expect(after.trophyTitles[0].npCommunicationId).toBe(added.body.title.npCommunicationId);
    const e = after.trophyTitles[0].earnedTrophies;
    expect(e.bronze + e.silver + e.gold).toBe(1);
  });

  it('removes a title from a library, and adding it again brings it back', async () => {
    const { sim, token, me } = await setup();
    const before = (await get(sim.fetch, `${T}/users/me/trophyTitles`, token)).body;
    const target = before.trophyTitles[3].npCommunicationId;
    const del = (path: string) => sim.fetch(`${BASE}/__sim${path}`, { method: 'DELETE' }).then(async (r) => ({ status: r.status, body: await r.json() }));
    expect((await del(`/accounts/${me.onlineId}/titles/${target}`)).status).toBe(200);
    const after = (await get(sim.fetch, `${T}/users/me/trophyTitles`, token)).body;
    expect(after.totalItemCount).toBe(before.totalItemCount - 1);
    expect(after.trophyTitles.map((t: { npCommunicationId: string }) => t.npCommunicationId)).not.toContain(target);
    expect((await del(`/accounts/${me.onlineId}/titles/${target}`)).status).toBe(404);
    await post(sim, `/accounts/${me.onlineId}/titles`, { npCommunicationId: target });
    expect((await get(sim.fetch, `${T}/users/me/trophyTitles`, token)).body.trophyTitles[0].npCommunicationId).toBe(target);
  });

  it('publishes DLC: a new group and a bumped trophySetVersion', async () => {
    const { sim, token } = await setup();
    const title = (await get(sim.fetch, `${T}/users/me/trophyTitles`, token)).body.trophyTitles[0];
    const r = await post(sim, `/titles/${title.npCommunicationId}/dlc`, { trophies: 4 });
    expect(r.body.trophySetVersion > title.trophySetVersion).toBe(true);
    const groups = (await get(sim.fetch, `${T}/npCommunicationIds/${title.npCommunicationId}/trophyGroups?npServiceName=${title.npServiceName}`, token)).body;
    expect(groups.trophySetVersion).toBe(r.body.trophySetVersion);
    expect(groups.trophyGroups).toHaveLength(title.trophyGroupCount + 1);
    const listed = (await get(sim.fetch, `${T}/users/me/trophyTitles`, token)).body.trophyTitles[0];
    expect(listed).toMatchObject({ trophySetVersion: r.body.trophySetVersion, hasTrophyGroups: true, trophyGroupCount: title.trophyGroupCount + 1 });
  });

  it('moves the clock forward only, counts requests per account and route, and toggles privacy', async () => {
    const { sim, token, me } = await setup();
    const now = sim.clock.now();
    expect((await post(sim, '/clock', { advanceDays: 2 })).body.epochMs).toBe(now + 2 * 86_400_000);
    expect((await post(sim, '/clock', { advanceMs: -1 })).status).toBe(400);
    expect((await post(sim, '/clock', { advanceDays: 1e9 })).status).toBe(400);
    expect((await post(sim, '/clock', { advanceMs: 1 })).status).toBe(200);
    expect((await post(sim, '/faults', { faults: [null] })).status).toBe(400);
    await sim.fetch(`${BASE}/__sim/requests`, { method: 'DELETE' });
    await get(sim.fetch, `${T}/users/me/trophySummary`, token);
    await get(sim.fetch, `${T}/users/me/trophySummary`, token);
    const counts = await (await sim.fetch(`${BASE}/__sim/requests?account=${me.accountId}`)).json();
    // The token expired with the jump; both requests are counted, by route and status.
    expect(counts).toEqual({ total: 2, byRoute: { 'trophy.summary': 2 }, byStatus: { 401: 2 }, rateLimited: 0 });
    expect((await post(sim, `/accounts/${me.onlineId}/privacy`, { privateTrophies: true })).body.privateTrophies).toBe(true);
    expect((await post(sim, '/accounts/nobody/privacy', {})).status).toBe(404);
    expect((await sim.fetch(`${BASE}/__sim/accounts/${me.onlineId}`)).status).toBe(200);
  });
});
