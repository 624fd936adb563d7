/**
 * The terminal side, in a real pseudo-terminal (util-linux `script`): the hidden NPSSO prompt,
 * the progress bar, colours. Fails, rather than skips, where `script` is missing: these are the
 * only tests of the hidden prompt and the progress bar.
 * @module
 */
import { spawn, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { BIN, type Harness, startHarness } from './harness.ts';

const hasScript = spawnSync('script', ['--version']).status === 0;
const NO_SCRIPT =
  'The terminal tests need `script` (util-linux; Debian/Ubuntu: apt-get install bsdutils, Alpine: apk add util-linux-misc, macOS: brew install util-linux) to run trophyroom on a pseudo-terminal.';

interface TtyRun {
  code: number | null;
  output: string;
}

/** Runs `trophyroom` on a pseudo-terminal; `onOutput` sees the screen so far and may type. */
function runInTty(h: Harness, args: string[], onOutput?: (screen: string, type: (text: string) => void) => void): Promise<TtyRun> {
  if (!hasScript) return Promise.reject(new Error(NO_SCRIPT));
  const quoted = [process.execPath, BIN, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, TROPHYROOM_CONFIG_DIR: h.configDir, TROPHYROOM_PSN_BASE_URL: h.url, TROPHYROOM_SIM_CLOCK: '1' };
    delete env.NO_COLOR;
    delete env.FORCE_COLOR;
    const child = spawn('script', ['-qfec', `stty cols 100; exec ${quoted}`, '/dev/null'], {
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      onOutput?.(output, (text) => child.stdin.write(text));
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

describe('on a terminal', { timeout: 60_000 }, () => {
  it('login prompts with hidden input: the NPSSO is never echoed', async () => {
    const h = await startHarness();
    let typed = false;
    const run = await runInTty(h, ['login'], (screen, type) => {
      if (!typed && screen.includes('input hidden): ')) {
        typed = true;
        type(`${h.npsso}\r`);
      }
    });
    expect(run.code).toBe(0);
    expect(run.output).toContain(`Logged in as \u001b[1m${h.sim.credentialsOf(0).onlineId}`);
    expect(run.output).not.toContain(h.npsso);
  });

  it('Ctrl-C at the prompt exits 130', async () => {
    const h = await startHarness();
    let typed = false;
    const run = await runInTty(h, ['login'], (screen, type) => {
      if (!typed && screen.includes('input hidden): ')) {
        typed = true;
        type('abc\u0003');
      }
    });
    expect(run.code).toBe(130);
    expect(run.output).toMatch(/Interrupted/);
  });

  it('export draws a progress bar on stderr; tables are coloured', async () => {
    const h = await startHarness({ titles: 6 });
    await h.login();
    const run = await runInTty(h, ['export', '--out', `${h.configDir}/library.json`]);
    expect(run.code).toBe(0);
    expect(run.output).toMatch(/\[#+-*\] \d+\/\d+/);
    expect(run.output).toMatch(/Exported \d+ titles, \d+ trophies to /);
    const titles = await runInTty(h, ['titles']);
    expect(titles.output).toContain('\u001b[1mTitle');
  });
});
