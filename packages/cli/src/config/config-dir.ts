/**
 * Where the CLI keeps its files: `$TROPHYROOM_CONFIG_DIR`, else `$XDG_CONFIG_HOME/trophyroom`, else
 * `~/.config/trophyroom`. Made owner-only (mode 0700) on every write, an existing directory too.
 * @module
 */
import { chmodSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

export function configDir(env: NodeJS.ProcessEnv): string {
  if (env.TROPHYROOM_CONFIG_DIR) return env.TROPHYROOM_CONFIG_DIR;
  if (env.XDG_CONFIG_HOME) return join(env.XDG_CONFIG_HOME, 'trophyroom');
  return join(homedir(), '.config', 'trophyroom');
}

/** Creates `dir` if needed and makes it the owner's only: `mkdir`'s mode leaves an existing directory as it was. */
export function ensureDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
}

/** Writes a file whole or not at all (temp file + rename), readable by the owner only. */
export function writeFileAtomic(path: string, text: string): void {
  ensureDir(dirname(path));
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, text, { mode: 0o600 });
  renameSync(temp, path);
}
