import { describe, expect, it } from 'vitest';
import { createSimulator } from '../simulator.ts';
import { get, signIn } from '../testing.ts';

// biome-ignore lint/suspicious/noExplicitAny: Sony's JSON, read loosely; the assertions do the checking
type Json = Record<string, any>;
const T = 'http://sim/api/trophy/v1';

/** A title's trophies as Sony sends them: name and grade of each, by id. */
async function setOf(sim: ReturnType<typeof createSimulator>, token: string, title: Json): Promise<string[]> {
  const body = (
    await get(sim.fetch, `${T}/npCommunicationIds/${title.npCommunicationId}/trophyGroups/all/trophies?npServiceName=${title.npServiceName}`, token)
  ).body as Json;
  return body.trophies.map((t: Json) => `${t.trophyId}|${t.trophyType}|${t.trophyName}`);
}

describe('stacks and namesakes in the generated world', () => {
  it('holds stacks (one game on several platforms, one trophy set) and namesakes (one name, another set) in a library', async () => {
    const sim = createSimulator({ seed: 7, accounts: 4, titles: 24 });
    const token = (await signIn(sim.fetch, 'http://sim', sim.credentialsOf(0).npsso)).access_token;
    const titles = (await get(sim.fetch, `${T}/users/me/trophyTitles?limit=800`, token)).body.trophyTitles as Json[];
    const byName = new Map<string, Json[]>();
    for (const t of titles) byName.set(t.trophyTitleName, [...(byName.get(t.trophyTitleName) ?? []), t]);
    const stacks = [...byName.values()].filter((ts) => ts.length > 1);
    expect(stacks.length).toBeGreaterThan(0);
    for (const versions of stacks) {
      const sets = await Promise.all(versions.map((v) => setOf(sim, token, v)));
      expect(sets.every((s) => JSON.stringify(s) === JSON.stringify(sets[0]))).toBe(true);
      expect(new Set(versions.map((v) => v.trophyTitlePlatform)).size).toBe(versions.length);
      expect(new Set(versions.map((v) => v.npCommunicationId)).size).toBe(versions.length);
      // PS5 versions speak trophy2, the others trophy.
      for (const v of versions) expect(v.npServiceName).toBe(v.trophyTitlePlatform.startsWith('PS5') ? 'trophy2' : 'trophy');
    }

    // Namesakes: found in the catalogue, same name, another trophy set.
    const catalog = sim.world.catalog;
    let namesakes = 0;
    for (let i = 0; i + 1 < 300; i++) {
      const [a, b] = [catalog.at(i), catalog.at(i + 1)];
      if (a.name !== b.name) continue;
      const same = JSON.stringify(a.trophies.map((t) => [t.type, t.words])) === JSON.stringify(b.trophies.map((t) => [t.type, t.words]));
      if (!same) namesakes++;
    }
    expect(namesakes).toBeGreaterThan(0);
  });

  it('serves generated artwork at Sony’s image paths on its own origin, the same bytes each time', async () => {
    const sim = createSimulator({ seed: 7, accounts: 2, titles: 10 });
    const token = (await signIn(sim.fetch, 'http://sim', sim.credentialsOf(0).npsso)).access_token;
    const titles = (await get(sim.fetch, `${T}/users/me/trophyTitles?limit=800`, token)).body.trophyTitles as Json[];
    const icons = titles.map((t) => t.trophyTitleIconUrl as string);
    for (const url of icons) expect(url).toMatch(/^http:\/\/sim\/(trophy\/np|psnobj)\/.+\.PNG$/);
    const trophies = (
      await get(sim.fetch, `${T}/npCommunicationIds/${titles[0]?.npCommunicationId}/trophyGroups/all/trophies?npServiceName=${titles[0]?.npServiceName}`, token)
    ).body.trophies as Json[];
    const urls = [...icons, ...trophies.map((t) => t.trophyIconUrl as string)];
    const bodies: string[] = [];
    for (const url of urls.slice(0, 6)) {
      const res = await sim.fetch(url);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/png');
      const bytes = Buffer.from(await res.arrayBuffer());
      expect(bytes.subarray(1, 4).toString('ascii')).toBe('PNG');
      expect(bytes.length).toBeLessThan(8192);
      expect(Buffer.from(await (await sim.fetch(url)).arrayBuffer()).equals(bytes)).toBe(true);
      bodies.push(bytes.toString('base64'));
    }
    // Different icons, different pictures.
    expect(new Set(bodies).size).toBe(bodies.length);
    // Images need no token, and only image paths answer.
    expect((await sim.fetch('http://sim/trophy/np/x/../../etc.PNG')).status).toBe(404);
  });
});
