import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type Harness, type Json, startHarness } from '../../../test/http-harness.ts';

describe('the shared profile', () => {
  let h: Harness;
  let ana: Client;
  let ids: string[];
  let secret: { game: string; name: string; detail: string; icon: string };
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
      secret = { game: game.game.name, name: trophy.name, detail: trophy.detail, icon: trophy.iconUrl };
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

  it("shows its icons from our own origin, signed out, and serves only those: no Sony URL, no other image, no secret trophy's icon", async () => {
    const { sharing } = (await ana.post('/api/sharing')).body;
    const token = sharing.url.split('/u/')[1];
    const under = `/api/public/profiles/${token}/images/`;
    const page = await fetch(sharing.url);
    const csp = page.headers.get('content-security-policy') as string;
    expect(csp).toMatch(/img-src 'self'(;|$)/);
    expect(csp).not.toContain('playstation');
    const html = await page.text();
    const { profile } = (await h.anonymous().get(`/api/public/profiles/${token}`)).body;
    const json = JSON.stringify(profile);
    for (const text of [html, json]) {
      expect(text).not.toMatch(/playstation\.(com|net)/);
      expect(text).not.toContain(h.simUrl);
      expect(text).not.toContain('/api/images/');
    }
    const sources = [...html.matchAll(/<img src="([^"]+)"/g)].map((m) => m[1] as string);
    expect(sources.length).toBeGreaterThan(0);
    for (const src of sources) expect(src).toMatch(new RegExp(`^${under}[\\w-]+/[\\w-]+$`));
    const shown = [...profile.platinumCabinet, ...profile.recentGames, ...profile.recentTrophies];
    const icons: string[] = shown.map((s: Json) => s.iconUrl).filter((u: string | null) => u !== null);
    for (const icon of icons) expect(icon.startsWith(under)).toBe(true);
    expect(sources.every((src) => icons.includes(src))).toBe(true);
    const trophyIcon = profile.recentTrophies.find((t: Json) => !t.masked)?.iconUrl as string;

    // Signed out, each answers the image itself, cacheable by anyone (it is Sony's public artwork).
    for (const icon of [sources[0] as string, trophyIcon]) {
      const res = await fetch(`${h.url}${icon}`);
      expect(res.status, icon).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/png');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('cache-control')).toMatch(/^public, max-age=\d+$/);
      expect([...new Uint8Array(await res.arrayBuffer()).slice(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    }

    // Ana's own icons the profile does not show: real images (she gets them signed in), but not under her share.
    const anon = h.anonymous();
    const game = (await ana.get(`/api/games/${ids[0]}?reveal=true`)).body;
    const hers: string[] = game.groups.flatMap((g: Json) => g.trophies.map((t: Json) => t.iconUrl)).filter((u: string | null) => u !== null);
    const unshown = hers.find((u) => !icons.includes(`${under}${u.slice('/api/images/'.length)}`)) as string;
    expect(unshown).toBeDefined();
    expect((await fetch(`${h.url}${unshown}`, { headers: { cookie: ana.cookie as string } })).status).toBe(200);
    const secretIcon = `${under}${secret.icon.slice('/api/images/'.length)}`;
    expect((await fetch(`${h.url}${secret.icon}`, { headers: { cookie: ana.cookie as string } })).status).toBe(200);
    const ref = (path: string) => Buffer.from(path).toString('base64url');
    const refused = [
      `${under}${unshown.slice('/api/images/'.length)}`,
      secretIcon,
      `${under}psn/${ref('/__sim')}`,
      `${under}evil.example/${ref('/x.png')}`,
      `${under}psn/${ref('/../../etc/passwd')}`,
      `/api/public/profiles/not-a-token-at-all-12345/images/${(sources[0] as string).slice(under.length)}`,
    ];
    for (const path of refused) {
      const r = await anon.get(path);
      expect(r.status, path).toBe(404);
      expect(r.body.error.code).toBe('not_found');
    }
  });

  it('is revocable: off kills the address for good, and on again makes a new one', async () => {
    const before = (await ana.post('/api/sharing')).body.sharing;
    const beforeIcon = (await h.anonymous().get(`/api/public/profiles/${before.url.split('/u/')[1]}`)).body.profile.recentGames[0].iconUrl;
    expect((await fetch(`${h.url}${beforeIcon}`)).status).toBe(200);
    expect((await ana.delete('/api/sharing')).body.sharing.enabled).toBe(false);
    const gone = await fetch(before.url);
    expect(gone.status).toBe(404);
    expect(await gone.text()).toContain('Not shared');
    expect((await fetch(before.cardUrl)).status).toBe(404);
    expect((await h.anonymous().get(`/api/public/profiles/${before.url.split('/u/')[1]}`)).status).toBe(404);
    expect((await h.anonymous().get(beforeIcon)).status).toBe(404);
    const after = (await ana.post('/api/sharing')).body.sharing;
    expect(after.url).not.toBe(before.url);
    expect((await fetch(after.url)).status).toBe(200);
    // The old share's images stay gone; the new share serves the same picture under its own token.
    expect((await h.anonymous().get(beforeIcon)).status).toBe(404);
    const afterToken = after.url.split('/u/')[1];
    expect((await fetch(`${h.url}${beforeIcon.replace(before.url.split('/u/')[1], afterToken)}`)).status).toBe(200);
    expect((await fetch(`${h.url}/u/not-a-token-at-all-12345`)).status).toBe(404);
    // Another user's settings say nothing of Ana's share.
    expect((await (await h.user('bob')).get('/api/sharing')).body.sharing.enabled).toBe(false);
  });
});
