import { describe, expect, it } from 'vitest';
import { createSimulator } from '../simulator.ts';
import { get, signIn } from '../testing.ts';

const BASE = 'http://sim';
const SUMMARY = `${BASE}/api/trophy/v1/users/me/trophySummary`;

describe('per-account rate limit', () => {
  it('allows 300 requests per 15 minutes, then answers 429 with X-RateLimit-Next-Available, and lifts when the window slides', async () => {
    const sim = createSimulator({ seed: 9, accounts: 3, titles: 2, clock: Date.parse('2026-11-01T00:00:00Z') });
    const me = await signIn(sim.fetch, BASE, sim.credentialsOf(0).npsso); // the auth host has its own window
    const firstAt = sim.clock.now();
    for (let i = 0; i < 300; i++) {
      if (i === 150) sim.clock.advance(60_000);
      expect((await get(sim.fetch, SUMMARY, me.access_token)).status).toBe(200);
    }
    const refused = await get(sim.fetch, SUMMARY, me.access_token);
    expect(refused.status).toBe(429);
    expect(refused.body.error).toMatchObject({ code: 2138635, message: 'Rate limit exceeded' });
    expect(refused.headers.get('x-ratelimit-next-available')).toBe(String((firstAt + 900_000) / 1000));

    // Another account has its own budget.
    const other = await signIn(sim.fetch, BASE, sim.credentialsOf(1).npsso);
    expect((await get(sim.fetch, SUMMARY, other.access_token)).status).toBe(200);

    // The first 150 requests leave the window at +15 min; the rest a minute later.
    sim.clock.advance(900_000 - 60_000);
    expect((await get(sim.fetch, SUMMARY, me.access_token)).status).toBe(200);
    const counts = await (await sim.fetch(`${BASE}/__sim/requests?account=${sim.credentialsOf(0).onlineId}`)).json();
    expect(counts.byStatus).toEqual({ 200: 302, 429: 1 });
  });

  it('is configurable, and can be turned off', async () => {
    const tight = createSimulator({ seed: 9, accounts: 1, titles: 1, rateLimit: { limit: 3, windowMs: 1000 } });
    const t = (await signIn(tight.fetch, BASE, tight.credentialsOf(0).npsso)).access_token;
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await get(tight.fetch, SUMMARY, t)).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    // A 429 storm injected as a fault is counted apart from the limit's own refusals.
    await tight.fetch(`${BASE}/__sim/faults`, { method: 'POST', body: JSON.stringify({ kind: 'rate-limit', route: 'trophy.*', count: 1 }) });
    tight.clock.advance(1000);
    expect((await get(tight.fetch, SUMMARY, t)).status).toBe(429);
    const counts = await (await tight.fetch(`${BASE}/__sim/requests?account=${tight.credentialsOf(0).onlineId}`)).json();
    expect(counts).toMatchObject({ byStatus: { 429: 2 }, rateLimited: 1 });
    const open = createSimulator({ seed: 9, accounts: 1, titles: 1, rateLimit: false });
    const o = (await signIn(open.fetch, BASE, open.credentialsOf(0).npsso)).access_token;
    for (let i = 0; i < 400; i++) expect((await get(open.fetch, SUMMARY, o)).status).toBe(200);
  });
});
