import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { configDir, ensureDir, writeFileAtomic } from './config-dir.ts';

const modeOf = (path: string) => statSync(path).mode & 0o777;

describe('configDir', () => {
  it('is TROPHYROOM_CONFIG_DIR, else XDG_CONFIG_HOME/trophyroom, else ~/.config/trophyroom', () => {
    expect(configDir({ TROPHYROOM_CONFIG_DIR: '/a', XDG_CONFIG_HOME: '/x' })).toBe('/a');
    expect(configDir({ XDG_CONFIG_HOME: '/x' })).toBe(join('/x', 'trophyroom'));
    expect(configDir({})).toBe(join(homedir(), '.config', 'trophyroom'));
    expect(configDir({ TROPHYROOM_CONFIG_DIR: '', XDG_CONFIG_HOME: '' })).toBe(join(homedir(), '.config', 'trophyroom'));
  });
});

describe.skipIf(process.platform === 'win32')('ensureDir and writeFileAtomic', () => {
  it('make the directory owner-only, an existing one too, and the file 0600', () => {
    const root = mkdtempSync(join(tmpdir(), 'trophyroom-dir-'));
    onTestFinished(() => rmSync(root, { recursive: true, force: true }));
    const fresh = join(root, 'fresh', 'trophyroom');
    ensureDir(fresh);
    expect(modeOf(fresh)).toBe(0o700);
    const existing = join(root, 'existing');
    mkdirSync(existing, { mode: 0o755 });
    expect(modeOf(existing)).not.toBe(0o700);
    writeFileAtomic(join(existing, 'credentials.json'), '{}');
    expect(modeOf(existing)).toBe(0o700);
    expect(modeOf(join(existing, 'credentials.json'))).toBe(0o600);
  });
});
