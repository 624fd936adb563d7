/**
 * `bin/trophyroom.js` chooses what to run: the built file while it is newer than every source it
 * was made from, else the TypeScript sources (an edit is never shadowed by an old build).
 * Checked on a copy of the bin beside a built file and a source that say which one ran.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const CLI = join(dirname(fileURLToPath(import.meta.url)), '..');
// Inside the checkout, so the copy finds tsx in node_modules as the real bin does.
const CACHE = join(CLI, '..', '..', 'node_modules', '.cache', 'trophyroom');

let dir = '';
const run = (env: Record<string, string> = {}) =>
  execFileSync(process.execPath, [join(dir, 'bin', 'trophyroom.js')], { encoding: 'utf8', env: { ...process.env, TROPHYROOM_FROM_SOURCE: '', ...env } }).trim();
const age = (file: string, seconds: number) => {
  const at = new Date(Date.now() + seconds * 1000);
  utimesSync(join(dir, file), at, at);
};

beforeEach(() => {
  mkdirSync(CACHE, { recursive: true });
  dir = mkdtempSync(join(CACHE, 'runner-'));
  for (const sub of ['bin', 'dist', 'src']) mkdirSync(join(dir, sub));
  copyFileSync(join(CLI, 'bin', 'trophyroom.js'), join(dir, 'bin', 'trophyroom.js'));
  writeFileSync(join(dir, 'package.json'), '{"type":"module"}\n');
  writeFileSync(join(dir, 'dist', 'trophyroom.mjs'), "console.log('built');\n");
  writeFileSync(join(dir, 'dist', 'trophyroom.inputs.json'), '["../src/main.ts", "../src/other.ts"]\n');
  // TypeScript only tsx can run: proof that the sources ran through it.
  writeFileSync(join(dir, 'src', 'main.ts'), "const where: string = 'source';\nconsole.log(where);\n");
  writeFileSync(join(dir, 'src', 'other.ts'), 'export {};\n');
  age('src/main.ts', -60);
  age('src/other.ts', -60);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('the trophyroom runner', { timeout: 60_000 }, () => {
  it('runs the built file while it is newer than every source it was made from', () => {
    expect(run()).toBe('built');
  });

  it('runs the sources once any of them changed after the build', () => {
    age('src/other.ts', 60);
    expect(run()).toBe('source');
  });

  it('runs the sources without a build, when a source of the build is gone, and when asked to', () => {
    expect(run({ TROPHYROOM_FROM_SOURCE: '1' })).toBe('source');
    rmSync(join(dir, 'src', 'other.ts'));
    expect(run()).toBe('source');
    rmSync(join(dir, 'dist'), { recursive: true });
    expect(run()).toBe('source');
  });
});
