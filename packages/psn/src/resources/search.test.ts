import { createSimulator } from 'psn-sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PsnClient } from '../client.ts';
import { universalSearch } from './search.ts';

const sim = createSimulator({ seed: 7, accounts: 30, titles: 5 });
const me = sim.credentialsOf(0);
let url = '';
let psn: PsnClient;

async function searchRequests(): Promise<number> {
  const counts = (await (await fetch(`${url}/__sim/requests?account=${me.onlineId}`)).json()) as { byRoute: Record<string, number> };
  return counts.byRoute['search.universal'] ?? 0;
}

beforeAll(async () => {
  url = await sim.listen(0);
  psn = await PsnClient.fromNpsso(me.npsso, { baseUrl: url });
});
afterAll(() => sim.close());

describe('search.players', () => {
  it('finds a player by exact online id, first, with one request', async () => {
    const target = sim.credentialsOf(17);
    const before = await searchRequests();
    const players = await psn.search.players(target.onlineId);
    expect(await searchRequests()).toBe(before + 1);
    expect(players[0]).toMatchObject({ accountId: target.accountId, onlineId: target.onlineId, isPsPlus: sim.world.account(17).isPlus });
  });

  it('finds every other player whose online id contains the term', async () => {
    // Sony leaves the caller out of its own search ("if you search for your own username, it will not be in the list").
    const truth = Array.from({ length: 29 }, (_, i) => sim.credentialsOf(i + 1)).filter((c) => c.onlineId.toLowerCase().includes('wolf'));
    expect(truth.length).toBeGreaterThan(1);
    const players = await psn.search.players('wolf');
    expect(new Set(players.map((p) => p.accountId))).toEqual(new Set(truth.map((c) => c.accountId)));
  });

  it('never finds the caller, even by its exact online id', async () => {
    const players = await psn.search.players(me.onlineId);
    expect(players.map((p) => p.accountId)).not.toContain(me.accountId);
  });

  it('answers an empty list when nobody matches', async () => {
    expect(await psn.search.players('zzzzqqqq')).toEqual([]);
  });

  it('refuses an empty term without a request', async () => {
    const before = await searchRequests();
    await expect(psn.search.players('  ')).rejects.toBeInstanceOf(TypeError);
    expect(await searchRequests()).toBe(before);
  });

  it("exposes Sony's raw answer, domain by domain", async () => {
    const target = sim.credentialsOf(17);
    const raw = await universalSearch(psn.api, target.onlineId, ['SocialAllAccounts']);
    expect(raw.prefix).toBe(target.onlineId);
    expect(raw.domainResponses[0]).toMatchObject({ domain: 'SocialAllAccounts', totalResultCount: expect.any(Number) });
    expect(raw.domainResponses[0]?.results[0]).toMatchObject({ id: target.accountId, type: 'social', socialMetadata: { onlineId: target.onlineId } });
  });
});
