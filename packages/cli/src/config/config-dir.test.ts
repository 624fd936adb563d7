import { homedir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configDir } from './config-dir.ts';

describe('configDir', () => {
  it('is TROPHYROOM_CONFIG_DIR, else XDG_CONFIG_HOME/trophyroom, else ~/.config/trophyroom', () => {
    expect(configDir({ TROPHYROOM_CONFIG_DIR: '/a', XDG_CONFIG_HOME: '/x' })).toBe('/a');
    expect(configDir({ XDG_CONFIG_HOME: '/x' })).toBe(join('/x', 'trophyroom'));
    expect(configDir({})).toBe(join(homedir(), '.config', 'trophyroom'));
    expect(configDir({ TROPHYROOM_CONFIG_DIR: '', XDG_CONFIG_HOME: '' })).toBe(join(homedir(), '.config', 'trophyroom'));
  });
});
