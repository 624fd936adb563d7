/**
 * The security probe of issue 15, replayed over loopback: racing first sign-ups, `/metrics`,
 * DNS rebinding and proxy headers, security headers, login lock-outs and weak passwords.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Client, startHarness } from '../../test/http-harness.ts';
import { dialects } from '../../test/stores.ts';
import { type RunningServer, startServer } from '../main.ts';

const PASSWORD = 'a long enough password';

describe.each(dialects)('the first admin on %s', (dialect) => {
  it('makes exactly one of several parallel first sign-ups the admin, also across two servers on one database', async () => {
    const h = await startHarness({ dialect });
    let other: RunningServer | undefined;
    const otherDir = mkdtempSync(join(tmpdir(), 'trophyroom-second-'));
    try {
      // Two servers on one database stand for two processes; on SQLite they are two processes in
      // packages/cli/test/serve.test.ts (one process cannot hold two writers of one file).
      if (dialect === 'postgres')
        other = await startServer({ port: 0, dataDir: otherDir, databaseUrl: h.server.config.databaseUrl, psnBaseUrl: h.simUrl, logLevel: 'silent', env: {} });
      const urls = other ? [h.url, other.url as string] : [h.url];
      const names = ['ann', 'ben', 'cat', 'dan', 'eve', 'fox'];
      const replies = await Promise.all(
        names.map((name, i) => new Client(urls[i % urls.length] as string).post('/api/auth/signup', { username: name, password: PASSWORD })),
      );
      expect(replies.map((r) => r.status)).toEqual(names.map(() => 201));
      expect(replies.filter((r) => r.body.user.admin === true)).toHaveLength(1);
      // Later sign-ups are plain users.
      expect((await new Client(h.url).post('/api/auth/signup', { username: 'gil', password: PASSWORD })).body.user.admin).toBe(false);
    } finally {
      await other?.close();
      await h.close();
      rmSync(otherDir, { recursive: true, force: true });
    }
  });
});
