import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { EPOCH, type SimHarness, caught, recordingLogger, signedIn, sleepUntilAborted, startSim } from '../../test/sim-harness.ts';
import { type Fetch, NotFoundError, type PsnClientOptions, RateLimitError, ServerError } from '../index.ts';

async function setup(options: PsnClientOptions = {}, sim: Parameters<typeof startSim>[0] = {}) {
  const h = await startSim(sim);
  const client = await signedIn(h, options);
  await h.resetRequests();
  h.waits.length = 0;
  return { h, client };
}

const summaries = async (h: SimHarness) => {
  const counts = await h.requests();
  return { requests: counts.byRoute['trophy.summary'] ?? 0, byStatus: counts.byStatus };
};

describe('retries', () => {
  it('retries 5xx with jittered, growing backoff: two 503s, then the call succeeds', async () => {
    const logger = recordingLogger();
    const { h, client } = await setup({ logger, random: () => 0.5 });
    await h.fault({ kind: 'error', route: 'trophy.summary', status: 503, count: 2 });
    await expect(client.trophies.summary()).resolves.toMatchObject({ accountId: h.sim.credentialsOf(0).accountId });
    expect(await summaries(h)).toEqual({ requests: 3, byStatus: { '503': 2, '200': 1 } });
    // Full jitter between half and all of 500 ms, then of 1000 ms.
    expect(h.waits).toEqual([375, 750]);
    expect(logger.lines.filter((l) => l.message === 'psn retry').map((l) => l.fields)).toEqual([
      { endpoint: 'trophy.summary', kind: 'server', status: 503, attempt: 1, delayMs: 375 },
      { endpoint: 'trophy.summary', kind: 'server', status: 503, attempt: 2, delayMs: 750 },
    ]);
  });

  it('keeps the jitter inside its window and the backoff under maxDelayMs', async () => {
    for (const random of [() => 0, () => 0.999]) {
      const { h, client } = await setup({ random, retry: { retries: 5, baseDelayMs: 1000, maxDelayMs: 4000 } });
      await h.fault({ kind: 'error', route: 'trophy.summary', count: 5 });
      await client.trophies.summary();
      const ceilings = [1000, 2000, 4000, 4000, 4000];
      h.waits.forEach((wait, i) => {
        expect(wait).toBeGreaterThanOrEqual((ceilings[i] as number) / 2);
        expect(wait).toBeLessThanOrEqual(ceilings[i] as number);
      });
      expect(h.waits).toHaveLength(5);
    }
  });

  it('honours a 429 storm: waits exactly what the server says, without jitter, then succeeds', async () => {
    const { h, client } = await setup({ random: () => 0.999 });
    await h.fault({ kind: 'rate-limit', route: 'trophy.summary', retryAfterSeconds: 30, count: 3 });
    await expect(client.trophies.summary()).resolves.toBeDefined();
    expect(await summaries(h)).toEqual({ requests: 4, byStatus: { '429': 3, '200': 1 } });
    expect(h.waits).toEqual([30_000, 30_000, 30_000]);
    expect(h.sim.clock.now()).toBe(EPOCH + 90_000);
  });

  it("waits a 503's Retry-After instead of its own backoff", async () => {
    const { h, client } = await setup({ random: () => 0.999 });
    await h.fault({ kind: 'error', route: 'trophy.summary', status: 503, retryAfterSeconds: 20, count: 2 });
    await expect(client.trophies.summary()).resolves.toBeDefined();
    expect(h.waits).toEqual([20_000, 20_000]);
  });

  it('gives up at once when the server asks for a longer wait than maxServerDelayMs', async () => {
    const { h, client } = await setup();
    await h.fault({ kind: 'rate-limit', route: 'trophy.summary', retryAfterSeconds: 3600, count: 1 });
    const error = await caught(() => client.trophies.summary());
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAt.getTime()).toBe(EPOCH + 3_600_000);
    expect(h.waits).toEqual([]);
    expect((await summaries(h)).requests).toBe(1);
  });

  it('is bounded: a permanent 503 is a ServerError after 1 + retries attempts', async () => {
    const { h, client } = await setup({ retry: { retries: 2 } });
    await h.fault({ kind: 'error', route: 'trophy.summary', status: 503 });
    const error = await caught(() => client.trophies.summary());
    expect(error).toBeInstanceOf(ServerError);
    expect(error).toMatchObject({ status: 503 });
    expect(await summaries(h)).toEqual({ requests: 3, byStatus: { '503': 3 } });
    expect(h.waits).toHaveLength(2);
  });

  it('retries a dropped connection', async () => {
    const { h, client } = await setup();
    await h.fault({ kind: 'drop', route: 'trophy.summary', count: 1 });
    await expect(client.trophies.summary()).resolves.toBeDefined();
    expect(h.waits).toHaveLength(1);
  });

  it('does not retry what cannot succeed: 404, 400, 403, a malformed body', async () => {
    const { h, client } = await setup();
    const ps4 = (await client.trophies.titles()).trophyTitles.find((t) => t.npServiceName === 'trophy');
    await h.resetRequests();
    await expect(client.trophies.titleGroups(ps4?.npCommunicationId as string)).rejects.toBeInstanceOf(NotFoundError);
    await expect(client.trophies.titles({ limit: 801 })).rejects.toMatchObject({ status: 400 });
    const hidden = [...Array(40).keys()].find((i) => i > 0 && h.sim.world.account(i).privateTrophies) as number;
    await expect(client.trophies.summary({ accountId: h.sim.world.account(hidden).accountId })).rejects.toMatchObject({ status: 403 });
    await h.fault({ kind: 'malformed', variant: 'wrong-type', route: 'trophy.summary', count: 1 });
    await expect(client.trophies.summary()).rejects.toMatchObject({ kind: 'malformed_response' });
    expect((await h.requests()).total).toBe(4);
    expect(h.waits).toEqual([]);
  });
});

describe('AbortSignal', () => {
  it('aborts a call waiting on the rate budget, with the signal’s reason', async () => {
    const { h, client } = await setup({ budget: { limit: 1 }, sleep: sleepUntilAborted });
    await client.trophies.summary();
    const controller = new AbortController();
    const reason = new Error('cancelled by the user');
    const waiting = client.trophies.summary({ signal: controller.signal });
    setTimeout(() => controller.abort(reason), 10);
    await expect(waiting).rejects.toBe(reason);
    expect((await summaries(h)).requests).toBe(1);
  });

  it('aborts a call in its backoff, with the signal’s reason', async () => {
    const { h, client } = await setup({ sleep: sleepUntilAborted });
    await h.fault({ kind: 'error', route: 'trophy.summary', status: 503 });
    const controller = new AbortController();
    const reason = new DOMException('stop', 'AbortError');
    const waiting = client.trophies.summary({ signal: controller.signal });
    setTimeout(() => controller.abort(reason), 20);
    await expect(waiting).rejects.toBe(reason);
    expect((await summaries(h)).requests).toBe(1);
  });

  it('aborts a call waiting out a 429, and sends nothing for an already aborted signal', async () => {
    const { h, client } = await setup({ sleep: sleepUntilAborted });
    await h.fault({ kind: 'rate-limit', route: 'trophy.summary', retryAfterSeconds: 60, count: 1 });
    const controller = new AbortController();
    const waiting = client.trophies.summary({ signal: controller.signal });
    setTimeout(() => controller.abort('gone'), 20);
    await expect(waiting).rejects.toBe('gone');
    await expect(client.trophies.titles({ signal: AbortSignal.abort('already') })).rejects.toBe('already');
    expect((await h.requests()).total).toBe(1);
  });

  it('aborts a request in flight', async () => {
    const { h, client } = await setup();
    await h.fault({ kind: 'latency', route: 'trophy.summary', latencyMs: 300, count: 1 });
    const controller = new AbortController();
    const reason = new Error('too slow for me');
    const pending = client.trophies.summary({ signal: controller.signal });
    setTimeout(() => controller.abort(reason), 20);
    await expect(pending).rejects.toBe(reason);
    expect(h.waits).toEqual([]);
  });

  it('leaves no listener on a signal that lives for many requests (a whole run)', async () => {
    const { client } = await setup();
    const run = new AbortController();
    for (let i = 0; i < 30; i++) await client.trophies.summary({ signal: run.signal });
    await client.trophies.allTitles({ signal: run.signal }).all();
    expect(getEventListeners(run.signal, 'abort')).toHaveLength(0);
  });
});

describe('pagination', () => {
  it('walks every page at 800 a page and stops when nextOffset is absent', async () => {
    const h = await startSim({ titles: 1000 });
    const pages: string[] = [];
    const recording: Fetch = (input, init) => {
      if (String(input).includes('/trophyTitles')) pages.push(new URL(String(input)).search);
      return (h.options.fetch as Fetch)(input, init);
    };
    const client = await signedIn(h, { fetch: recording });
    const titles = await client.trophies.allTitles().all();
    const total = h.sim.world.library(0).items.length;
    expect(total).toBeGreaterThan(800);
    expect(titles).toHaveLength(total);
    expect(new Set(titles.map((t) => t.npCommunicationId)).size).toBe(total);
    expect(pages).toEqual(['?limit=800&offset=0', '?limit=800&offset=800']);
  });

  it('stops early with all(max) and with break, sending only the pages it needs', async () => {
    const { h, client } = await setup({}, { titles: 1000 });
    expect(await client.trophies.allTitles().all(5)).toHaveLength(5);
    let seen = 0;
    for await (const _ of client.trophies.allTitles()) if (++seen === 801) break;
    expect((await h.requests()).byRoute['trophy.titles']).toBe(3);
  });

  it('trusts nextOffset, not totalItemCount, when the total drifts', async () => {
    const h = await startSim({ titles: 900 });
    // Sony's totals drift between identical calls: here every page over-reports by 50.
    const drifting: Fetch = async (input, init) => {
      const response = await (h.options.fetch as Fetch)(input, init);
      if (!String(input).includes('/trophyTitles')) return response;
      const body = (await response.json()) as { totalItemCount: number };
      body.totalItemCount += 50;
      return new Response(JSON.stringify(body), { status: response.status, headers: response.headers });
    };
    const client = await signedIn(h, { fetch: drifting });
    const titles = await client.trophies.allTitles().all();
    expect(titles.length).toBe(h.sim.world.library(0).items.length);
    expect((await h.requests()).byRoute['trophy.titles']).toBe(2);
  });
});

describe('onRequest', () => {
  it('hears each request sent, retries included, with its status and attempt', async () => {
    const heard: Array<{ endpoint: string; method: string; status: number; attempt: number }> = [];
    const { h, client } = await setup({
      random: () => 0.5,
      onRequest: ({ endpoint, method, status, attempt, ms }) => {
        expect(ms).toBeGreaterThanOrEqual(0);
        heard.push({ endpoint, method, status, attempt });
      },
    });
    // The sign-in's own requests were heard too (auth.authorize, auth.token).
    expect(heard.map((r) => r.endpoint)).toEqual(['auth.authorize', 'auth.token']);
    heard.length = 0;
    await h.fault({ kind: 'error', route: 'trophy.summary', status: 503, count: 2 });
    await client.trophies.summary();
    expect(heard).toEqual([
      { endpoint: 'trophy.summary', method: 'GET', status: 503, attempt: 1 },
      { endpoint: 'trophy.summary', method: 'GET', status: 503, attempt: 2 },
      { endpoint: 'trophy.summary', method: 'GET', status: 200, attempt: 3 },
    ]);
    expect(heard).toHaveLength((await summaries(h)).requests);
  });
});
