import { describe, expect, it } from 'vitest';
import { createSimulator } from '../simulator.ts';
import { get, signIn } from '../testing.ts';

const paths = [
  '/api/trophy/v1/users/me/trophyTitles?limit=800',
  '/api/trophy/v1/users/me/trophySummary',
  '/api/gamelist/v2/users/me/titles?limit=200',
  '/api/trophy/v1/npCommunicationIds/NPWR10600_00/trophyGroups/all/trophies?npServiceName=trophy',
  '/api/trophy/v1/users/me/npCommunicationIds/NPWR10600_00/trophyGroups/all/trophies?npServiceName=trophy',
  '/api/trophy/v1/users/me/trophyTitles?limit=801',
];

async function snapshot(seed: number) {
  const sim = createSimulator({ seed, accounts: 20, titles: 80, clock: Date.parse('2026-11-10T00:00:00Z') });
  const token = (await signIn(sim.fetch, 'http://sim', sim.credentialsOf(0).npsso)).access_token;
  const bodies = [];
  for (const path of paths) bodies.push((await get(sim.fetch, `http://sim${path}`, token)).text);
  return bodies;
}

describe('the generated world', () => {
  it('gives byte-identical responses for the same seed, and a different world for another seed', async () => {
    const a = await snapshot(42);
    expect(await snapshot(42)).toEqual(a);
    const other = await snapshot(43);
    expect(other[0]).not.toEqual(a[0]);
  });

  it("publishes earned rates that match the share of the population's owners who earned each trophy", () => {
    // 600 accounts share a 40-title catalogue, so each title has ~300 owners.
    const sim = createSimulator({ seed: 3, accounts: 600, titles: 20, catalogSize: 40, fixtures: false });
    const owners = new Map<string, { earned: number[]; count: number }>();
    for (let a = 0; a < 600; a++) {
      for (const item of sim.world.library(a).items) {
        const state = sim.world.stateOf(a, item);
        const entry = owners.get(item.title.npCommunicationId) ?? { earned: new Array(item.title.trophies.length).fill(0), count: 0 };
        entry.count += 1;
        state.earned.forEach((e, i) => {
          entry.earned[i] = (entry.earned[i] as number) + e;
        });
        owners.set(item.title.npCommunicationId, entry);
      }
    }
    let checked = 0;
    for (const [id, entry] of owners) {
      const title = sim.world.catalog.byId(id);
      if (!title || entry.count < 200) continue;
      title.trophies.forEach((t, i) => {
        if (t.groupId !== 'default') return;
        // Listed owners are those who earned something: the share of the whole population is rate, of listed owners rate / topRate.
        const expected = t.rate / title.topRate;
        expect(Math.abs((entry.earned[i] as number) / entry.count - expected)).toBeLessThan(0.1);
        checked++;
      });
    }
    expect(checked).toBeGreaterThan(200);
  });

  it('builds big worlds lazily: 10,000 accounts and a 20,000-title library cost only what is read', () => {
    const sim = createSimulator({ seed: 1, accounts: 10_000, titles: 300 });
    expect(sim.credentialsOf(9_999).onlineId).toMatch(/9999$/);
    expect(sim.world.findAccount(sim.credentialsOf(9_999).accountId)?.index).toBe(9_999);
    const big = createSimulator({ seed: 1, accounts: 2, titles: 20_000, fixtures: false });
    expect(big.world.library(1).items).toHaveLength(20_000);
    const empty = createSimulator({ seed: 1, accounts: 2, titles: 0, fixtures: false });
    expect(empty.world.library(1).items).toHaveLength(0);
    expect(empty.world.summary(1)).toMatchObject({ trophyLevel: 1, points: 0 });
  });

  it('earns in many titles at once as it does one by one: the same title list, the changed titles on top', async () => {
    const make = () => createSimulator({ seed: 3, accounts: 1, titles: 300, clock: Date.parse('2026-11-10T00:00:00Z') });
    const [one, many] = [make(), make()];
    const picked = one.world
      .library(0)
      .items.slice(100, 110)
      .map((i) => ({ npCommunicationId: i.title.npCommunicationId, trophyId: i.title.trophies.at(-1)?.id ?? 0 }));
    for (const e of picked) one.world.earnTrophy(0, e.npCommunicationId, e.trophyId);
    many.world.earnTrophies(0, picked);
    const list = async (sim: ReturnType<typeof make>) => {
      const token = (await signIn(sim.fetch, 'http://sim', sim.credentialsOf(0).npsso)).access_token;
      return (await get(sim.fetch, 'http://sim/api/trophy/v1/users/me/trophyTitles?limit=800', token)).text;
    };
    const text = await list(many);
    expect(text).toBe(await list(one));
    const top = (JSON.parse(text) as { trophyTitles: Array<{ npCommunicationId: string }> }).trophyTitles
      .slice(0, picked.length)
      .map((t) => t.npCommunicationId);
    expect(new Set(top)).toEqual(new Set(picked.map((e) => e.npCommunicationId)));
    expect(() => many.world.earnTrophies(0, [{ npCommunicationId: 'NPWR99999_00', trophyId: 1 }])).toThrow(/not in the library/);
  });

  it('rejects nonsense knobs with a message naming the knob', () => {
    expect(() => createSimulator({ titles: 20_001 })).toThrow(/titles must be 0 to 20,000/);
    expect(() => createSimulator({ accounts: 0 })).toThrow(/accounts/);
  });
});

describe('answers that do not depend on when the simulator started', () => {
  it('gives the same profile, presence and device bytes for simulators started at different times', async () => {
    const bodies = async (start: number) => {
      const sim = createSimulator({ seed: 8, accounts: 4, titles: 5, clock: start });
      const token = (await signIn(sim.fetch, 'http://sim', sim.credentialsOf(0).npsso)).access_token;
      const out = [];
      for (const path of [
        `/userProfile/v1/users/${sim.credentialsOf(1).onlineId}/profile2`,
        '/api/v1/devices/accounts/me',
        '/api/userProfile/v1/internal/users/me/basicPresences?type=primary',
      ]) {
        out.push((await get(sim.fetch, `http://sim${path}`, token)).text);
      }
      return out;
    };
    expect(await bodies(Date.parse('2026-11-20T10:00:00.250Z'))).toEqual(await bodies(Date.parse('2026-11-20T10:00:01.400Z')));
  });
});
