import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { type Run, runCli } from './harness.ts';

describe('trophyroom sim', { timeout: 60_000 }, () => {
  it('starts psn-sim with its own options, prints its JSON line, serves a login, and stops on Ctrl-C', async () => {
    const configDir = mkdtempSync(join(tmpdir(), 'trophyroom-sim-'));
    onTestFinished(() => rmSync(configDir, { recursive: true, force: true }));
    let first: { url: string; accounts: Array<{ onlineId: string; npsso: string }> } | undefined;
    let login: Run | undefined;
    const run = await runCli(['sim', '--port', '0', '--seed', '3', '--json'], {
      onSpawn: (child) => {
        let buffer = '';
        child.stdout?.on('data', (chunk: Buffer | string) => {
          buffer += String(chunk);
          if (first || !buffer.includes('\n')) return;
          first = JSON.parse(buffer.split('\n')[0] as string);
          const account = first?.accounts[0];
          void runCli(['login', '--npsso-stdin', '--json', '--base-url', first?.url ?? ''], {
            input: account?.npsso,
            env: { TROPHYROOM_CONFIG_DIR: configDir },
          })
            .then((result) => {
              login = result;
            })
            .finally(() => child.kill('SIGINT'));
        });
      },
    });
    expect(first?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(login?.code).toBe(0);
    expect(JSON.parse(login?.stdout ?? '{}').onlineId).toBe(first?.accounts[0]?.onlineId);
    expect(run.code).toBe(0);
  });
});
