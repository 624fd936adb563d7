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

  it('finds every player whose online id contains the term', async () => {
    const truth = Array.from({ length: 30 }, (_, i) => sim.credentialsOf(i)).filter((c) => c.onlineId.toLowerCase().includes('wolf'));
    expect(truth.length).toBeGreaterThan(1);
    const players = await psn.search.players('wolf');
    expect(new Set(players.map((p) => p.accountId))).toEqual(new Set(truth.map((c) => c.accountId)));
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
    const raw = await universalSearch(psn.api, me.onlineId, ['SocialAllAccounts']);
    expect(raw.prefix).toBe(me.onlineId);
    expect(raw.domainResponses[0]).toMatchObject({ domain: 'SocialAllAccounts', totalResultCount: expect.any(Number) });
    expect(raw.domainResponses[0]?.results[0]).toMatchObject({ id: me.accountId, type: 'SocialAccount', socialMetadata: { onlineId: me.onlineId } });
  });
});
