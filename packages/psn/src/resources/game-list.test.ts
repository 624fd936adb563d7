import { createSimulator } from 'psn-sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PsnClient } from '../client.ts';
import { recordingLogger } from '../../test/sim-harness.ts';
import { BadRequestError, ForbiddenError } from '../errors/kinds.ts';
import type { SkippedItem } from '../transport/parse.ts';
import { parsePlayDuration } from './game-list.ts';

// 500 library titles give about 450 PS4/PS5 games: three pages of 200.
const sim = createSimulator({ seed: 7, accounts: 8, titles: 500 });
const me = sim.credentialsOf(0);
let url = '';
let psn: PsnClient;

async function gameListRequests(): Promise<number> {
  const counts = (await (await fetch(`${url}/__sim/requests?account=${me.onlineId}`)).json()) as { byRoute: Record<string, number> };
  return counts.byRoute['gamelist.titles'] ?? 0;
}

beforeAll(async () => {
  url = await sim.listen(0);
  psn = await PsnClient.fromNpsso(me.npsso, { baseUrl: url });
});
afterAll(() => sim.close());

describe('parsePlayDuration', () => {
  it("reads Sony's ISO 8601 play time into seconds", () => {
    expect(parsePlayDuration('PT228H56M33S')).toBe(228 * 3600 + 56 * 60 + 33);
    expect(parsePlayDuration('PT45M')).toBe(2700);
    expect(parsePlayDuration('PT0S')).toBe(0);
    expect(parsePlayDuration('P1DT1S')).toBe(86_401);
    expect(parsePlayDuration('PT1.5S')).toBe(1.5);
  });

  it('refuses anything else', () => {
    for (const text of ['', 'P', 'PT', 'PT5', '228:56:33', 'PT1H ']) expect(() => parsePlayDuration(text), text).toThrow(TypeError);
  });
});

describe('gameList', () => {
  it('answers one page in the order and with the values the simulator holds', async () => {
    const truth = sim.world.gameList(0);
    const page = await psn.gameList.played({ limit: 3, offset: 1 });
    expect(page.totalItemCount).toBe(truth.length);
    expect(page.nextOffset).toBe(4);
    expect(page.titles.map((t) => t.titleId)).toEqual(truth.slice(1, 4).map((e) => e.npTitleId));
    const [first] = page.titles;
    expect(first).toMatchObject({ name: truth[1]?.title.name, playCount: truth[1]?.playCount, concept: { titleIds: [truth[1]?.npTitleId] } });
    expect(parsePlayDuration(first?.playDuration ?? '')).toBe(truth[1]?.playSeconds);
  });

  it('pages through every game at 200 a page: ⌈G/200⌉ requests', async () => {
    const truth = sim.world.gameList(0);
    expect(truth.length).toBeGreaterThan(400);
    const before = await gameListRequests();
    const games = await psn.gameList.allPlayed().all();
    expect(await gameListRequests()).toBe(before + Math.ceil(truth.length / 200));
    expect(games.map((g) => g.titleId)).toEqual(truth.map((e) => e.npTitleId));
    expect(games.map((g) => parsePlayDuration(g.playDuration))).toEqual(truth.map((e) => e.playSeconds));
  });

  it('stops early without fetching the remaining pages', async () => {
    const before = await gameListRequests();
    expect(await psn.gameList.allPlayed().all(5)).toHaveLength(5);
    expect(await gameListRequests()).toBe(before + 1);
  });

  it('filters by category', async () => {
    const ps5 = sim.world.gameList(0).filter((e) => e.npTitleId.startsWith('PPSA'));
    const games = await psn.gameList.allPlayed({ categories: ['ps5_native_game'] }).all();
    expect(games.map((g) => g.titleId)).toEqual(ps5.map((e) => e.npTitleId));
    expect(new Set(games.map((g) => g.category))).toEqual(new Set(['ps5_native_game']));
  });

  it("reads another account's list, and refuses a private one with ForbiddenError", async () => {
    const publicIndex = [1, 2, 3, 4, 5, 6, 7].find((i) => !sim.world.account(i).privateTrophies) ?? -1;
    const privateIndex = [1, 2, 3, 4, 5, 6, 7].find((i) => sim.world.account(i).privateTrophies) ?? -1;
    const theirs = await psn.gameList.played({ accountId: sim.credentialsOf(publicIndex).accountId, limit: 1 });
    expect(theirs.titles[0]?.titleId).toBe(sim.world.gameList(publicIndex)[0]?.npTitleId);
    await expect(psn.gameList.played({ accountId: sim.credentialsOf(privateIndex).accountId })).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("passes on Sony's 400 for a limit above 200", async () => {
    const error = await psn.gameList.played({ limit: 500 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error).toMatchObject({ code: 3239940, status: 400, endpoint: 'gamelist.titles' });
    expect((error as Error).message).toContain('allowed limit=200');
  });

  it('leaves out (and reports) a game whose play duration is not ISO 8601, keeping the rest of the page', async () => {
    const bad = createSimulator({ seed: 7, accounts: 2, titles: 5 });
    const badUrl = await bad.listen(0);
    try {
      const logger = recordingLogger();
      const skipped: SkippedItem[] = [];
      const client = await PsnClient.fromNpsso(bad.credentialsOf(0).npsso, {
        baseUrl: badUrl,
        logger,
        onSkippedItem: (item) => skipped.push(item),
        // Rewrites Sony's answer the way a changed API would: play time as clock text.
        fetch: async (input, init) => {
          const response = await fetch(input, init);
          if (!String(input).includes('/gamelist/')) return response;
          const text = (await response.text()).replace(/"playDuration":"[^"]*"/, '"playDuration":"228:56:33"');
          return new Response(text, { status: response.status, headers: response.headers });
        },
      });
      const all = bad.world.gameList(0);
      const page = await client.gameList.played();
      expect(page.titles.map((g) => g.titleId)).toEqual(all.slice(1).map((g) => g.npTitleId));
      expect(skipped).toEqual([{ endpoint: 'gamelist.titles', path: 'titles.0', message: expect.stringMatching(/^titles\.0\.playDuration: /) }]);
      expect(client.stats.skippedItems).toBe(1);
      expect(logger.lines.find((l) => l.message === 'psn item skipped')?.fields).toMatchObject({ endpoint: 'gamelist.titles', path: 'titles.0' });
    } finally {
      await bad.close();
    }
  });
});
