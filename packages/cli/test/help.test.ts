import { describe, expect, it } from 'vitest';
import { runCli } from './harness.ts';

const COMMANDS = [
  'login',
  'logout',
  'status',
  'titles',
  'trophies',
  'summary',
  'played',
  'profile',
  'compare',
  'export',
  'get',
  'graphql',
  'sim',
  'library',
  'runs',
];

describe('help, usage errors and colours', { timeout: 60_000 }, () => {
  it('`trophyroom --help` lists every command, the global options and the exit codes', async () => {
    const [help, bare] = await Promise.all([runCli(['--help']), runCli([])]);
    expect(help.code).toBe(0);
    for (const name of COMMANDS) expect(help.stdout).toMatch(new RegExp(`^  ${name}\\s+\\S`, 'm'));
    for (const code of ['0', '1', '2', '3', '4', '5', '130']) expect(help.stdout).toMatch(new RegExp(`^  ${code}\\s+\\S`, 'm'));
    expect(help.stdout).toContain('--base-url');
    expect(bare.stdout).toBe(help.stdout);
    expect((await runCli(['--version'])).stdout).toMatch(/^trophyroom \d+\.\d+\.\d+\n$/);
  });

  it('every command listed by --help has its own --help with examples', async () => {
    const help = (await runCli(['--help'])).stdout;
    const section = help.slice(help.indexOf('Commands:\n') + 10, help.indexOf('\n\n', help.indexOf('Commands:\n')));
    const listed = section.split('\n').map((line) => line.trim().split(/\s+/)[0] as string);
    expect(listed).toEqual(expect.arrayContaining(COMMANDS));
    const runs = await Promise.all(listed.map((name) => runCli([name, '--help'])));
    runs.forEach((run, i) => {
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(new RegExp(`^Usage: trophyroom ${listed[i]}`));
      expect(run.stdout).toMatch(/\nExamples:\n {2}\S/);
    });
    expect((await runCli(['help', 'export'])).stdout).toBe(runs[listed.indexOf('export')]?.stdout);
  });

  it('usage errors exit 2 with one line on stderr', async () => {
    const [unknown, option, baseUrl, none] = await Promise.all([
      runCli(['titel']),
      runCli(['titles', '--bogus']),
      runCli(['titles', '--base-url', 'not a url']),
      runCli(['--json']),
    ]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe('trophyroom: Unknown command "titel". Did you mean `titles`? Run `trophyroom --help` for the list.\n');
    expect(option.code).toBe(2);
    expect(option.stderr).toBe("trophyroom: Unknown option '--bogus'. Run `trophyroom titles --help`.\n");
    expect(baseUrl.code).toBe(2);
    expect(baseUrl.stderr).toMatch(/--base-url must be a URL/);
    expect(none.code).toBe(2);
    for (const run of [unknown, option, baseUrl, none]) expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('colours only on request when not a terminal; NO_COLOR and --no-color win', async () => {
    const [plain, forced, noColor, flag] = await Promise.all([
      runCli(['titel']),
      runCli(['titel'], { env: { FORCE_COLOR: '1' } }),
      runCli(['titel'], { env: { FORCE_COLOR: '1', NO_COLOR: '1' } }),
      runCli(['titel', '--no-color'], { env: { FORCE_COLOR: '1' } }),
    ]);
    expect(plain.stderr).not.toContain('\u001b[');
    expect(forced.stderr).toContain('\u001b[31mtrophyroom:\u001b[39m');
    expect(noColor.stderr).not.toContain('\u001b[');
    expect(flag.stderr).not.toContain('\u001b[');
  });
});
