/**
 * The fake API without a browser: every route of the contract answered once and held to the
 * contract, and the rules it shares with the server (points with the platinum, Sony's levels,
 * the keyset cursor, the status filters, event streams), so drift fails here even without Chromium.
 */
import { contractProblem, type EndpointName, endpoints, matchEndpoint } from '@trophyroom/contract';
import { levelFor } from '@trophyroom/server/trophy-points';
import { describe, expect, it } from 'vitest';
import { type FakeAnswer, FakeApi } from './fake-api.ts';

const BASE = 'http://trophyroom.test';
const NPSSO = 'Q7'.repeat(32);

/** A fake that records which route of the contract each request reached. */
function driven(options: ConstructorParameters<typeof FakeApi>[0] = {}) {
  const fake = new FakeApi({ titles: 30, loadingPolls: 0, ...options });
  const reached = new Set<EndpointName>();
  const call = (method: string, path: string, body?: unknown): FakeAnswer => {
    const url = new URL(path, BASE);
    const answer = fake.answer(method, url, body);
    const name = matchEndpoint(method, url.pathname)?.name;
    if (name && answer.status < 400) reached.add(name);
    return answer;
  };
  return { fake, reached, call };
}

/** The JSON of an answer, after checking its status. */
// biome-ignore lint/suspicious/noExplicitAny: the answers are checked against the contract by the fake itself
function ok(answer: FakeAnswer, status = 200): any {
  expect(answer.status, JSON.stringify(answer.json)).toBe(status);
  return answer.json;
}

describe('the fake API keeps the contract', () => {
  it('answers every route of the contract, each answer parsing with its schema', () => {
    const { reached, call } = driven();
    expect(call('GET', '/api/me').status).toBe(401);
    ok(call('POST', '/api/auth/signup', { username: 'alex', password: 'correct horse' }), 201);
    ok(call('POST', '/api/auth/logout'), 204);
    ok(call('POST', '/api/auth/login', { username: 'alex', password: 'correct horse' }));
    expect(ok(call('GET', '/api/me')).settings).toEqual({ signupOpen: true });
    expect(ok(call('PATCH', '/api/admin/settings', { signupOpen: false })).settings).toEqual({ signupOpen: false });
    const token = ok(call('POST', '/api/tokens', { name: 'cli' }), 201);
    expect(ok(call('GET', '/api/tokens')).items).toHaveLength(1);
    ok(call('DELETE', `/api/tokens/${token.id}`), 204);

    expect(ok(call('GET', '/api/connections/psn')).connection).toBeNull();
    expect(ok(call('POST', '/api/connections/psn', { npsso: NPSSO }), 201).connection.state).toBe('active');
    expect(ok(call('PATCH', '/api/connections/psn', { autoImport: true })).connection.autoImport).toBe(true);
    const picker = ok(call('GET', '/api/psn/titles?limit=10'));
    expect(picker).toMatchObject({ state: 'ready', total: 30, nextCursor: '10' });
    const ids: string[] = ok(call('GET', '/api/psn/titles/ids')).ids;
    const { jobId } = ok(call('POST', '/api/psn/import', { npCommunicationIds: ids.slice(0, 12) }), 202);
    expect(jobId).toBeTypeOf('string');
    ok(call('POST', '/api/psn/sync'), 202);
    // Each poll moves the runs on: the one-title sync finishes at the first.
    const runs = ok(call('GET', '/api/sync/runs?limit=5')).items;
    expect(runs.map((r: { state: string }) => r.state)).toEqual(['succeeded', 'running']);
    expect(ok(call('GET', `/api/sync/runs/${runs[0].id}`)).run).toEqual(runs[0]);
    expect(call('GET', `/api/sync/runs/${runs[0].id}/events`).events?.map((e) => e.event)).toEqual(['progress', 'end']);
    expect(call('GET', `/api/sync/runs/${runs[1].id}/events`).events?.map((e) => e.event)).toEqual(['progress']);
    expect(call('GET', '/api/sync/events').events?.length).toBe(2);
    // An import can be paused, re-ordered ("this game first") and resumed while it runs; a finished sync cannot.
    expect(ok(call('POST', `/api/sync/runs/${runs[1].id}/pause`)).run.state).toBe('paused');
    expect(ok(call('POST', `/api/sync/runs/${runs[1].id}/priority`, { npCommunicationIds: [ids[11]] })).run.priority).toEqual([ids[11]]);
    expect(ok(call('POST', `/api/sync/runs/${runs[1].id}/resume`)).run.state).toBe('running');
    expect(call('POST', `/api/sync/runs/${runs[0].id}/pause`).status).toBe(409);
    const games = ok(call('GET', '/api/games?limit=5'));
    expect(games.total).toBe(12);
    ok(call('GET', `/api/games/${games.items[0].npCommunicationId}?reveal=true`));
    ok(call('GET', '/api/stats'));
    const [a, b] = [games.items[0].npCommunicationId, games.items[1].npCommunicationId];
    expect(ok(call('GET', '/api/stacks')).total).toBe(0);
    expect(call('POST', '/api/stacks/join', { npCommunicationIds: [a, 'NPWR99999_00'] }).json).toMatchObject({
      error: { code: 'unknown_titles', details: { unknown: ['NPWR99999_00'] } },
    });
    expect(ok(call('POST', '/api/stacks/join', { npCommunicationIds: [a, b] })).stack.versions).toHaveLength(2);
    expect(ok(call('GET', '/api/stacks')).items[0].joinedByHand).toBe(true);
    expect(ok(call('GET', `/api/games/${b}/stack`)).stack.versions).toHaveLength(2);
    expect(ok(call('POST', '/api/stacks/split', { npCommunicationId: a })).stack).toBeNull();
    expect(ok(call('GET', `/api/games/${b}/stack`)).stack).toBeNull();
    ok(call('GET', '/api/images/psn/L3gucG5n'));
    const profile = ok(call('GET', '/api/profile'));
    expect(profile.games).toBe(12);
    expect(profile.platinums.map((p: { number: number }) => p.number)).toEqual(profile.platinums.map((_: unknown, i: number) => i + 1));
    expect(profile).toMatchObject({ platinumCount: profile.platinums.length, platinumsNext: null });
    expect(ok(call('GET', '/api/profile/platinums')).items).toEqual(profile.platinums);
    const id = games.items[0].npCommunicationId;
    expect(call('POST', '/api/unobtainable', { npCommunicationId: 'NPWR99999_00', trophyId: 1 })).toMatchObject({
      status: 400,
      json: { error: { code: 'unknown_trophies', details: { titles: ['NPWR99999_00'] } } },
    });
    expect(ok(call('POST', '/api/unobtainable', { npCommunicationId: id, trophyId: 1 }), 201)).toMatchObject({ source: 'manual' });
    expect(ok(call('POST', '/api/unobtainable/import', { source: 'a guide', trophies: [{ npCommunicationId: id, trophyId: 2 }] }))).toEqual({
      flagged: 1,
      titles: 1,
    });
    expect(ok(call('GET', '/api/unobtainable')).items).toHaveLength(2);
    ok(call('DELETE', `/api/unobtainable/${id}/1`), 204);
    ok(call('GET', '/api/games?status=platinum-dlc-missing'));

    const hook = ok(call('POST', '/api/webhooks', { url: 'https://hooks.example/x', events: ['trophy.earned'] }), 201).webhook;
    expect(ok(call('GET', '/api/webhooks')).items).toHaveLength(1);
    expect(ok(call('PATCH', `/api/webhooks/${hook.id}`, { enabled: false })).webhook.enabled).toBe(false);
    ok(call('POST', `/api/webhooks/${hook.id}/test`), 202);
    expect(ok(call('GET', `/api/webhooks/${hook.id}/deliveries`)).items[0]).toMatchObject({ eventType: 'test', state: 'delivered' });
    ok(call('DELETE', `/api/webhooks/${hook.id}`), 204);
    expect(ok(call('GET', '/api/sharing')).sharing.enabled).toBe(false);
    const shared = ok(call('POST', '/api/sharing')).sharing;
    expect(ok(call('GET', `/api/public/profiles/${shared.url.split('/u/')[1]}`)).profile.games).toBe(12);
    ok(call('GET', `/api/public/profiles/${shared.url.split('/u/')[1]}/images/psn/L3gucG5n`));
    expect(call('GET', '/api/public/profiles/share9token0123456789/images/psn/L3gucG5n').status).toBe(404);
    expect(ok(call('DELETE', '/api/sharing')).sharing.url).toBeNull();
    const archive = ok(call('GET', '/api/library/export'));
    ok(call('GET', '/api/library/export.csv'));
    expect(call('POST', '/api/library/import', archive).status).toBe(409);
    expect(ok(call('DELETE', '/api/connections/psn?wipe=true'))).toEqual({ disconnected: true, wiped: true });
    expect(ok(call('POST', '/api/library/import', archive), 201)).toEqual({ titles: 0, trophies: 0 });

    expect([...reached].sort()).toEqual(Object.keys(endpoints).sort());
  });

  it('answers errors as the server does: the error shape, a code of the contract, the same statuses', () => {
    const { fake, call } = driven();
    expect(call('GET', '/api/nothing').json).toMatchObject({ error: { code: 'not_found' } });
    expect(call('GET', '/api/stats')).toMatchObject({ status: 401, json: { error: { code: 'unauthenticated' } } });
    call('POST', '/api/auth/signup', { username: 'alex', password: 'correct horse' });
    expect(call('POST', '/api/auth/signup', { username: 'x', password: 'short' })).toMatchObject({
      status: 400,
      json: { error: { code: 'invalid_request', details: { issues: [{ path: 'body.username' }, { path: 'body.password' }] } } },
    });
    expect(call('POST', '/api/psn/sync')).toMatchObject({ status: 404, json: { error: { code: 'not_connected' } } });
    expect(call('PATCH', '/api/connections/psn', { autoImport: true }).status).toBe(404);
    expect(ok(call('DELETE', '/api/connections/psn'))).toEqual({ disconnected: false, wiped: false });
    expect(call('POST', '/api/connections/psn', { npsso: 'too-short' })).toMatchObject({ status: 400, json: { error: { code: 'npsso_malformed' } } });
    call('POST', '/api/connections/psn', { npsso: NPSSO });
    expect(call('POST', '/api/psn/import', { npCommunicationIds: [] }).status).toBe(400);
    expect(call('POST', '/api/psn/import', { npCommunicationIds: ['NPWR99999_00'] })).toMatchObject({
      status: 400,
      json: { error: { code: 'unknown_titles' } },
    });
    expect(call('GET', '/api/games?cursor=not-a-cursor')).toMatchObject({ status: 400, json: { error: { code: 'invalid_cursor' } } });
    expect(call('GET', '/api/games?limit=500')).toMatchObject({ status: 400, json: { error: { code: 'invalid_request' } } });
    expect(call('GET', '/api/games/NPWR10000_00')).toMatchObject({ status: 404, json: { error: { code: 'not_found' } } });
    expect(call('GET', '/api/sync/runs/nope/events').status).toBe(404);
    fake.refuseSync = true;
    expect(call('POST', '/api/psn/sync')).toMatchObject({ status: 409, json: { error: { code: 'psn_reconnect_required', details: { state: 'revoked' } } } });
    fake.now += 61 * 86_400_000;
    expect(ok(call('GET', '/api/connections/psn')).connection.state).toBe('revoked');
  });

  it('counts points with the platinum and the level by Sony’s bands, over the whole title list', () => {
    const { fake, call } = driven();
    call('POST', '/api/auth/signup', { username: 'alex', password: 'correct horse' });
    expect(ok(call('GET', '/api/stats'))).toMatchObject({ points: 0, level: 1, tier: 1, titles: 0, games: 0 });
    call('POST', '/api/connections/psn', { npsso: NPSSO });
    call('POST', '/api/psn/import', { npCommunicationIds: fake.titles.slice(0, 5).map((t) => t.entry.npCommunicationId) });
    const earned = { bronze: 0, silver: 0, gold: 0, platinum: 0 };
    for (const t of fake.titles) for (const type of ['bronze', 'silver', 'gold', 'platinum'] as const) earned[type] += t.entry.earned[type];
    expect(earned.platinum).toBeGreaterThan(0);
    const points = earned.bronze * 15 + earned.silver * 30 + earned.gold * 90 + earned.platinum * 300;
    const level = levelFor(points);
    expect(ok(call('GET', '/api/stats'))).toEqual({
      level: level.level,
      levelProgress: level.progress,
      tier: level.tier,
      points,
      earned,
      platinums: earned.platinum,
      titles: 30,
      games: 5,
      completed: expect.any(Number),
    });
    const withPlatinum = fake.titles.slice(0, 5).find((t) => t.entry.earned.platinum > 0) ?? fake.titles.find((t) => t.entry.earned.platinum > 0)!;
    call('POST', '/api/psn/import', { npCommunicationIds: [withPlatinum.entry.npCommunicationId] });
    const { game } = ok(call('GET', `/api/games/${withPlatinum.entry.npCommunicationId}`));
    const e = withPlatinum.entry.earned;
    expect(game.points.earned).toBe(e.bronze * 15 + e.silver * 30 + e.gold * 90 + e.platinum * 300);
  });

  it('pages the library with the server’s keyset cursor, and filters not-started games', () => {
    const { fake, call } = driven({ titles: 40 });
    call('POST', '/api/auth/signup', { username: 'alex', password: 'correct horse' });
    call('POST', '/api/connections/psn', { npsso: NPSSO });
    call('POST', '/api/psn/import', { npCommunicationIds: fake.titles.map((t) => t.entry.npCommunicationId) });
    for (const sort of ['last-played', 'name', 'progress', 'points'] as const) {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page = ok(call('GET', `/api/games?sort=${sort}&limit=7${cursor ? `&cursor=${cursor}` : ''}`));
        seen.push(...page.items.map((g: { npCommunicationId: string }) => g.npCommunicationId));
        cursor = page.nextCursor;
        // Not an offset: the cursor names the last row's sort value and id.
        if (cursor) expect(JSON.parse(Buffer.from(cursor, 'base64url').toString())).toHaveLength(2);
      } while (cursor);
      expect(new Set(seen).size, sort).toBe(40);
    }
    const notStarted = ok(call('GET', '/api/games?status=not-started&limit=100')).items;
    expect(notStarted.length).toBe(fake.titles.filter((t) => t.entry.progress === 0).length);
    expect(notStarted.every((g: { progress: number }) => g.progress === 0)).toBe(true);
  });

  it('pages a hunter’s platinum cabinet: the profile’s first 100, then by its cursor to the end, numbered without a gap', () => {
    const { fake, call } = driven({ titles: 250, hunter: true });
    call('POST', '/api/auth/signup', { username: 'alex', password: 'correct horse' });
    call('POST', '/api/connections/psn', { npsso: NPSSO });
    call('POST', '/api/psn/import', { npCommunicationIds: fake.titles.map((t) => t.entry.npCommunicationId) });
    const profile = ok(call('GET', '/api/profile'));
    expect(profile.platinums).toHaveLength(100);
    expect(profile.platinumCount).toBe(250);
    expect(profile.platinumsNext).toEqual(expect.any(String));

    const numbers: number[] = profile.platinums.map((p: { number: number }) => p.number);
    const ids = new Set<string>(profile.platinums.map((p: { npCommunicationId: string }) => p.npCommunicationId));
    let cursor: string | null = profile.platinumsNext;
    let pages = 0;
    while (cursor) {
      const page = ok(call('GET', `/api/profile/platinums?limit=70&cursor=${encodeURIComponent(cursor)}`));
      expect(page.total).toBe(250);
      for (const p of page.items) {
        numbers.push(p.number);
        ids.add(p.npCommunicationId);
      }
      cursor = page.nextCursor;
      pages++;
    }
    // 100, then 70 + 70 + 10: the last page says there is no next.
    expect(pages).toBe(3);
    expect(numbers).toEqual(Array.from({ length: 250 }, (_, i) => i + 1));
    expect(ids.size).toBe(250);

    for (const bad of ['not-a-cursor', Buffer.from('after:-1').toString('base64url'), Buffer.from('after:251').toString('base64url')])
      expect(call('GET', `/api/profile/platinums?cursor=${bad}`), bad).toMatchObject({ status: 400, json: { error: { code: 'invalid_cursor' } } });
    expect(call('GET', '/api/profile/platinums?limit=501')).toMatchObject({ status: 400, json: { error: { code: 'invalid_request' } } });
  });

  it('throws when an answer breaks the contract', () => {
    const { fake, call } = driven();
    call('POST', '/api/auth/signup', { username: 'alex', password: 'correct horse' });
    const handlers = (fake as unknown as { handlers: Record<string, () => FakeAnswer> }).handlers;
    handlers.stats = () => ({ status: 200, json: { level: 1, points: 0 } });
    expect(() => call('GET', '/api/stats')).toThrow(/GET \/api\/stats → 200 breaks the contract:\n {2}levelProgress/);
    handlers.me = () => ({ status: 201, json: {} });
    expect(() => call('GET', '/api/me')).toThrow(/answers 200/);
    handlers.syncEvents = () => ({ status: 200, events: [{ event: 'progress', data: { id: 1 } }] });
    expect(() => call('GET', '/api/sync/events')).toThrow(/event progress breaks the contract/);
    expect(contractProblem('GET', '/api/me', 401, { error: { code: 'made_up', message: '' } })).toMatch(/error.code/);
  });
});
