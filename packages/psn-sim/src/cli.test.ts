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

  it('--untidy, --edge-burst and --sign-in-outage: the untidy world, the edge firewall and a failing token endpoint', async () => {
    const info = JSON.parse(
      await firstLine(['--port', '0', '--accounts', '3', '--titles', '40', '--untidy', '--edge-burst', '2', '--sign-in-outage', '--json']),
    );
    const refused = await fetch(`${info.url}/api/authz/v3/oauth/token`, { method: 'POST', body: 'grant_type=sso_token' });
    expect(refused.status).toBe(500);
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await fetch(`${info.url}/api/v1/ssocookie`)).status);
    // The sign-in host is one client for the edge: the refused token request counted as the first of the burst.
    expect(statuses).toEqual([200, 403, 403]);
  });

  it('--replay serves a recording', async () => {
    const file = fileURLToPath(new URL('../recordings/psnawp-fallout76.json', import.meta.url));
    const info = JSON.parse(await firstLine(['--port', '0', '--replay', file, '--json']));
    expect(info).toMatchObject({ url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/), exchanges: 4 });
    const groups = await (await fetch(`${info.url}/api/trophy/v1/npCommunicationIds/NPWR15509_00/trophyGroups?npServiceName=trophy`)).json();
    expect(groups.trophyGroups).toHaveLength(5);
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
