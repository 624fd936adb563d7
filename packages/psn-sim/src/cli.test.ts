import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { signIn } from './testing.ts';

const BIN = fileURLToPath(new URL('../bin/psn-sim.js', import.meta.url));
let child: ChildProcess | undefined;
afterEach(() => {
  child?.kill('SIGTERM');
  child = undefined;
});

function firstLine(args: string[]): Promise<string> {
  child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  return new Promise((resolve, reject) => {
    lines.once('line', resolve);
    child?.once('exit', (code) => reject(new Error(`psn-sim exited with ${code}`)));
  });
}

describe('psn-sim CLI', () => {
  it('prints {url, accounts} as its first line with --json and serves those accounts', async () => {
    const info = JSON.parse(await firstLine(['--port', '0', '--seed', '42', '--accounts', '3', '--titles', '7', '--json']));
    expect(info.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(info.accounts).toHaveLength(3);
    expect(info.accounts[0]).toEqual({
      onlineId: expect.any(String),
      accountId: expect.stringMatching(/^\d{19}$/),
      npsso: expect.stringMatching(/^[A-Za-z0-9]{64}$/),
    });
    const token = (await signIn(fetch, info.url, info.accounts[1].npsso)).access_token;
    const titles = await (await fetch(`${info.url}/api/trophy/v1/users/me/trophyTitles`, { headers: { authorization: `Bearer ${token}` } })).json();
    expect(titles.totalItemCount).toBe(7);
  });

  it('refuses a bad flag with exit code 2 and a message', async () => {
    child = spawn(process.execPath, [BIN, '--accounts', 'lots'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (d) => {
      stderr += d;
    });
    const code = await new Promise((resolve) => child?.once('exit', resolve));
    expect(code).toBe(2);
    expect(stderr).toContain('--accounts must be a number');
  });
});
