import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimulator } from '../simulator.ts';
import { get, signIn } from '../testing.ts';

const BASE = 'http://sim';
const TITLES = `${BASE}/api/trophy/v1/users/me/trophyTitles?limit=5`;
const SUMMARY = `${BASE}/api/trophy/v1/users/me/trophySummary`;

async function setup() {
  const sim = createSimulator({ seed: 5, accounts: 4, titles: 10 });
  const token = (await signIn(sim.fetch, BASE, sim.credentialsOf(0).npsso)).access_token;
  const addFault = async (rule: object) => (await sim.fetch(`${BASE}/__sim/faults`, { method: 'POST', body: JSON.stringify(rule) })).json();
  return { sim, token, addFault };
}

describe('fault injection', () => {
  it('adds latency (fixed + jitter) to the chosen route only', async () => {
    const { sim, token, addFault } = await setup();
    await addFault({ kind: 'latency', route: 'trophy.titles', latencyMs: 60, jitterMs: 20 });
    let start = performance.now();
    expect((await get(sim.fetch, TITLES, token)).status).toBe(200);
    expect(performance.now() - start).toBeGreaterThanOrEqual(59);
    start = performance.now();
    await get(sim.fetch, SUMMARY, token);
    expect(performance.now() - start).toBeLessThan(55);
  });

  it("answers 5xx in Sony's error shape, for exactly `count` requests", async () => {
    const { sim, token, addFault } = await setup();
    await addFault({ kind: 'error', status: 500, count: 2 });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push(await get(sim.fetch, SUMMARY, token));
    expect(statuses.map((r) => r.status)).toEqual([500, 500, 200]);
    expect(statuses[0]?.body).toEqual({ error: { referenceId: expect.stringMatching(/^[0-9a-f-]{36}$/), code: 2240512, message: 'Internal Server Error' } });
    expect(statuses[0]?.text).not.toMatch(/at .*\.ts/);
  });

  it('storms 429s with X-RateLimit-Next-Available', async () => {
    const { sim, token, addFault } = await setup();
    await addFault({ kind: 'rate-limit', retryAfterSeconds: 120, count: 3 });
    const r = await get(sim.fetch, SUMMARY, token);
    expect(r.status).toBe(429);
    expect(r.body.error.code).toBe(2138635);
    expect(Number(r.headers.get('x-ratelimit-next-available'))).toBe(Math.ceil((sim.clock.now() + 120_000) / 1000));
  });

  it('sends malformed JSON: truncated, or valid with a field of the wrong type', async () => {
    const { sim, token, addFault } = await setup();
    await addFault({ kind: 'malformed', count: 1 });
    const cut = await get(sim.fetch, TITLES, token);
    expect(cut.status).toBe(200);
    expect(() => JSON.parse(cut.text)).toThrow();
    await addFault({ kind: 'malformed', variant: 'wrong-type', count: 1 });
    const typed = await get(sim.fetch, TITLES, token);
    // Still JSON, but the first scalar field (here nextOffset) has the wrong type.
    expect(typed.body.nextOffset).toBe('not-a-number');
  });

  it('serves the edge\'s HTML "Access Denied" page with a 403', async () => {
    const { sim, token, addFault } = await setup();
    await addFault({ kind: 'html', count: 1 });
    const r = await get(sim.fetch, TITLES, token);
    expect(r.status).toBe(403);
    expect(r.headers.get('content-type')).toBe('text/html');
    expect(r.text).toContain('<TITLE>Access Denied</TITLE>');
  });

  it('targets one account and a probability, repeatably for a seed', async () => {
    const run = async () => {
      const { sim, token, addFault } = await setup();
      await addFault({ kind: 'error', probability: 0.5, accountId: sim.credentialsOf(0).accountId });
      const other = (await signIn(sim.fetch, BASE, sim.credentialsOf(1).npsso)).access_token;
      const mine = [];
      for (let i = 0; i < 20; i++) mine.push((await get(sim.fetch, SUMMARY, token)).status);
      for (let i = 0; i < 5; i++) expect((await get(sim.fetch, SUMMARY, other)).status).toBe(200);
      return mine;
    };
    const a = await run();
    expect(a).toContain(503);
    expect(a).toContain(200);
    expect(await run()).toEqual(a);
  });

  it('lists and removes faults through the admin API and rejects nonsense', async () => {
    const { sim, addFault } = await setup();
    const { faults } = await addFault({ kind: 'error', route: 'trophy.*' });
    expect((await (await sim.fetch(`${BASE}/__sim/faults`)).json()).faults).toHaveLength(1);
    expect((await sim.fetch(`${BASE}/__sim/faults/${faults[0].id}`, { method: 'DELETE' })).status).toBe(200);
    expect((await (await sim.fetch(`${BASE}/__sim/faults`)).json()).faults).toHaveLength(0);
    const bad = await sim.fetch(`${BASE}/__sim/faults`, { method: 'POST', body: JSON.stringify({ kind: 'explode' }) });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toContain('unknown fault kind');
  });
});

describe('dropped connections', () => {
  const sim = createSimulator({ seed: 5, accounts: 2, titles: 3 });
  let url = '';
  beforeAll(async () => {
    url = await sim.listen(0);
  });
  afterAll(() => sim.close());

  it('cuts the socket on loopback and rejects in-process, as real fetch does', async () => {
    const token = (await signIn(fetch, url, sim.credentialsOf(0).npsso)).access_token;
    sim.faults.add({ kind: 'drop', count: 2 });
    await expect(fetch(`${url}/api/trophy/v1/users/me/trophySummary`, { headers: { authorization: `Bearer ${token}` } })).rejects.toThrow(TypeError);
    await expect(sim.fetch(`${url}/api/trophy/v1/users/me/trophySummary`, { headers: { authorization: `Bearer ${token}` } })).rejects.toThrow('fetch failed');
    const after = await fetch(`${url}/api/trophy/v1/users/me/trophySummary`, { headers: { authorization: `Bearer ${token}` } });
    expect(after.status).toBe(200);
  });
});
