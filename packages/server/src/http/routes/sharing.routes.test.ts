import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type Harness, type Json, startHarness } from '../../../test/http-harness.ts';

describe('the shared profile', () => {
  let h: Harness;
  let ana: Client;
  let ids: string[];
  let secret: { game: string; name: string; detail: string };
  beforeAll(async () => {
    h = await startHarness();
    ana = await h.user('ana');
    await ana.post('/api/connections/psn', { npsso: h.sim.npssoOf(0) });
    await ana.until('/api/psn/titles?limit=1', (r) => r.body.state === 'ready');
    ids = (await ana.get('/api/psn/titles/ids')).body.ids;
    const { jobId } = (await ana.post('/api/psn/import', { npCommunicationIds: ids })).body;
    await ana.until(`/api/sync/runs?jobId=${jobId}`, (r) => r.body.items[0] && r.body.items[0].state !== 'running', 30_000);
    // A secret trophy earned just now: the first one the public page would list.
    for (const id of ids) {
      const state = h.sim.world.titleState(0, id);
      const index = state?.title.trophies.findIndex((t, i) => t.hidden && !state.earned[i] && t.type !== 'platinum') ?? -1;
      if (!state || index < 0) continue;
      h.sim.clock.advance(86_400_000);
      h.sim.world.earnTrophy(0, id, state.title.trophies[index]?.id as number);
      const { jobId: sync } = (await ana.post('/api/psn/sync')).body;
      await ana.until(`/api/sync/runs?jobId=${sync}`, (r) => r.body.items[0]?.state === 'succeeded', 30_000);
      const game = (await ana.get(`/api/games/${id}?reveal=true`)).body;
      const trophy = game.groups.flatMap((g: Json) => g.trophies).find((t: Json) => t.id === state.title.trophies[index]?.id);
      secret = { game: game.game.name, name: trophy.name, detail: trophy.detail };
      break;
    }
    if (!secret) throw new Error('fixture: a hidden trophy expected');
  }, 60_000);
  afterAll(() => h.close());

  it('is off by default, and on turns it into a page anyone reaches signed out — with the card for link previews and no secret trophy', async () => {
    expect((await ana.get('/api/sharing')).body.sharing).toEqual({ enabled: false, url: null, cardUrl: null, since: null });
    const { sharing } = (await ana.post('/api/sharing')).body;
    expect(sharing).toMatchObject({ enabled: true, url: expect.stringMatching(new RegExp(`^${h.url}/u/[\\w-]{20,}$`)), since: expect.any(String) });
    // Turning it on again keeps the same address.
    expect((await ana.post('/api/sharing')).body.sharing.url).toBe(sharing.url);

    const page = await fetch(sharing.url);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    const html = await page.text();
    expect(html).toContain(`<meta property="og:image" content="${sharing.cardUrl}">`);
    expect(html).toContain('Secret trophy');
    expect(html).toContain(secret.game);
    // (The simulator draws names and details from small pools: only a name no shown trophy shares proves anything.)
    const shown = (await h.anonymous().get(`/api/public/profiles/${sharing.url.split('/u/')[1]}`)).body.profile.recentTrophies;
    if (!shown.some((t: Json) => t.name === secret.name)) expect(html).not.toContain(secret.name);
    expect(html).not.toMatch(/<script/i);
    const account = h.sim.credentialsOf(0).accountId;
    expect(html).not.toContain(account);

    const api = await h.anonymous().get(`/api/public/profiles/${sharing.url.split('/u/')[1]}`);
    expect(api.status).toBe(200);
    const { profile } = api.body;
    expect(profile.name).toBe((await ana.get('/api/connections/psn')).body.connection.onlineId);
    expect(profile.recentTrophies).toContainEqual(
      expect.objectContaining({ masked: true, name: 'Secret trophy', detail: '', iconUrl: null, game: secret.game }),
    );
    expect(profile.recentTrophies.filter((t: Json) => t.masked).every((t: Json) => t.name === 'Secret trophy')).toBe(true);
    if (!shown.some((t: Json) => t.name === secret.name)) expect(JSON.stringify(profile)).not.toContain(secret.name);
    expect(JSON.stringify(profile)).not.toContain(account);
    expect(profile.recentGames.length).toBeGreaterThan(0);
    const stats = (await ana.get('/api/stats')).body;
    expect(profile).toMatchObject({ level: stats.level, points: stats.points, platinums: stats.platinums, earned: stats.earned });
    expect(profile.platinumCabinet).toHaveLength(Math.min(60, (await ana.get('/api/games?status=platinum&limit=100')).body.total));

    const card = await fetch(sharing.cardUrl);
    expect(card.status).toBe(200);
    expect(card.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
    expect(card.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    const svg = await card.text();
    expect(svg).toContain(`Level ${stats.level}`);
    expect(svg.length).toBeLessThan(5000);
    expect((await fetch(`${h.url}/share.css`)).headers.get('content-type')).toMatch(/^text\/css/);
  });

  it('is revocable: off kills the address for good, and on again makes a new one', async () => {
    const before = (await ana.post('/api/sharing')).body.sharing;
    expect((await ana.delete('/api/sharing')).body.sharing.enabled).toBe(false);
    const gone = await fetch(before.url);
    expect(gone.status).toBe(404);
    expect(await gone.text()).toContain('Not shared');
    expect((await fetch(before.cardUrl)).status).toBe(404);
    expect((await h.anonymous().get(`/api/public/profiles/${before.url.split('/u/')[1]}`)).status).toBe(404);
    const after = (await ana.post('/api/sharing')).body.sharing;
    expect(after.url).not.toBe(before.url);
    expect((await fetch(after.url)).status).toBe(200);
    expect((await fetch(`${h.url}/u/not-a-token-at-all-12345`)).status).toBe(404);
    // Another user's settings say nothing of Ana's share.
    expect((await (await h.user('bob')).get('/api/sharing')).body.sharing.enabled).toBe(false);
  });
});
