/**
 * What the CLI's tests share: a simulator on loopback (closed when the test ends), a temporary
 * config directory, and `trophyroom` run as a user runs it — `node bin/trophyroom.js` in a child
 * process with real stdin, stdout and stderr — pointed at the simulator and following its clock.
 * @module
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Simulator, type SimulatorOptions, createSimulator, get, signIn } from 'psn-sim';
import { expect, onTestFinished } from 'vitest';

export const BIN = fileURLToPath(new URL('../bin/trophyroom.js', import.meta.url));
export const DAY = 86_400_000;

export interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** Written to stdin, which is then closed. */
  input?: string;
  env?: Record<string, string | undefined>;
  /** Called once the process has started (e.g. to interrupt it). */
  onSpawn?: (child: ChildProcess) => void;
}

export interface Harness {
  sim: Simulator;
  url: string;
  configDir: string;
  /** The first account's NPSSO (the one `login()` uses). */
  npsso: string;
  /** Runs `trophyroom …` against the simulator. */
  run(args: string[], options?: RunOptions): Promise<Run>;
  /** `trophyroom login --npsso-stdin` as account `index`; fails the test if it fails. */
  login(index?: number): Promise<Run>;
  admin(method: 'GET' | 'POST' | 'DELETE', path: string, body?: object): Promise<Record<string, unknown>>;
  /** An access token of account `index`, for asking the simulator directly what is true. */
  truthToken(index?: number): Promise<string>;
  /** GET a Sony path on the simulator with a token: the oracle. */
  truth(path: string, token: string): Promise<unknown>;
  /** Every run's output, to check no secret ever appears. */
  outputs: string[];
  close(): Promise<void>;
}

/** Starts a harness; it is torn down when the test ends, or by `close()` when started in `beforeAll`. */
export async function startHarness(options: SimulatorOptions = {}, scope: 'test' | 'suite' = 'test'): Promise<Harness> {
  const sim = createSimulator({ seed: 11, accounts: 8, titles: 10, rateLimit: false, privateRate: 0, ...options });
  const url = await sim.listen(0);
  const configDir = mkdtempSync(join(tmpdir(), 'trophyroom-cli-'));
  const close = async () => {
    await sim.close();
    rmSync(configDir, { recursive: true, force: true });
  };
  if (scope === 'test') onTestFinished(close);
  const outputs: string[] = [];
  const run = (args: string[], runOptions: RunOptions = {}) =>
    runCli(args, {
      ...runOptions,
      env: {
        TROPHYROOM_CONFIG_DIR: configDir,
        TROPHYROOM_PSN_BASE_URL: url,
        TROPHYROOM_SIM_CLOCK: '1',
        ...runOptions.env,
      },
    }).then((result) => {
      outputs.push(result.stdout, result.stderr);
      return result;
    });
  const admin = async (method: 'GET' | 'POST' | 'DELETE', path: string, body?: object) => {
    const response = await fetch(`${url}/__sim${path}`, {
      method,
      ...(body ? { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } } : {}),
    });
    if (!response.ok) throw new Error(`admin ${method} ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as Record<string, unknown>;
  };
  return {
    sim,
    url,
    configDir,
    npsso: sim.credentialsOf(0).npsso,
    run,
    login: async (index = 0) => {
      const result = await run(['login', '--npsso-stdin'], { input: `${sim.credentialsOf(index).npsso}\n` });
      expect(result.stderr).not.toContain('trophyroom:');
      expect(result.code).toBe(0);
      return result;
    },
    admin,
    truthToken: async (index = 0) => (await signIn(fetch, url, sim.credentialsOf(index).npsso)).access_token,
    truth: async (path, token) => {
      const response = await get(fetch, `${url}${path}`, token);
      if (response.status !== 200) throw new Error(`truth ${path}: ${response.status} ${response.text}`);
      return response.body;
    },
    outputs,
    close,
  };
}

/** Runs the binary with a clean environment (no colours forced, no stray TROPHYROOM_* settings). */
export function runCli(args: string[], options: RunOptions = {}): Promise<Run> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined && !key.startsWith('TROPHYROOM_') && key !== 'FORCE_COLOR') env[key] = value;
  for (const [key, value] of Object.entries(options.env ?? {}))
    if (value === undefined) delete env[key];
    else env[key] = value;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
    child.stdin.end(options.input ?? '');
    options.onSpawn?.(child);
  });
}

/** Resolves when `check` holds, polling every 20 ms (at most `timeoutMs`). */
export async function until(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out waiting for a condition');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** No NPSSO and nothing token-like in any output. */
export function expectNoSecrets(h: Harness, extra: string[] = []): void {
  const all = h.outputs.join('\n');
  for (let i = 0; i < 3; i++) expect(all).not.toContain(h.sim.credentialsOf(i).npsso);
  for (const secret of extra) expect(all).not.toContain(secret);
  expect(all).not.toMatch(/eyJ[A-Za-z0-9_-]{20,}/);
  expect(all).not.toMatch(/Bearer\s+\S{20,}/i);
}
