import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { expectNoSecrets, startHarness } from './harness.ts';

/** A loopback port with nothing listening. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('when Sony fails', { timeout: 60_000 }, () => {
  it('5xx after the retries, a cut connection and an edge error page exit 5; a malformed answer exits 1 — one line each', async () => {
    const h = await startHarness();
    await h.login();
    await h.admin('POST', '/faults', { kind: 'error', status: 503, route: 'trophy.summary' });
    await h.admin('POST', '/faults', { kind: 'drop', route: 'trophy.titles' });
    await h.admin('POST', '/faults', { kind: 'html', route: 'gamelist.titles' });
    await h.admin('POST', '/faults', { kind: 'malformed', variant: 'wrong-type', route: 'profile.profiles' });
    const [summary, titles, played, profile] = await Promise.all([h.run(['summary']), h.run(['titles']), h.run(['played']), h.run(['profile', 'me'])]);
    expect(summary.code).toBe(5);
    expect(titles.code).toBe(5);
    expect(played.code).toBe(5);
    expect(profile.code).toBe(1);
    for (const run of [summary, titles, played, profile]) {
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(/^trophyroom: \S/);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
    }
    expect(titles.stderr).toMatch(/connection|--base-url/);
    expectNoSecrets(h);
  });

  it('an unreachable simulator exits 5 and says so', async () => {
    const h = await startHarness();
    await h.login();
    const url = `http://127.0.0.1:${await closedPort()}`;
    const withClock = await h.run(['status', '--base-url', url]);
    expect(withClock.code).toBe(5);
    expect(withClock.stderr).toMatch(/cannot reach the simulator/);
  });
});
