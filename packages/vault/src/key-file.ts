/**
 * Where the vault's keys come from: an environment value (base64 of 32 bytes; several, comma
 * separated, while rotating), or a key file created on first use with mode 0600 holding one key
 * per line. The first key seals, every key opens. Rotating a key file (`addKeyToFile`) puts a
 * fresh key first and keeps the old ones after it, so values sealed with them still open until
 * they are sealed again; `keepFirstKey` then drops the old ones.
 * @module
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { VaultError } from './vault.ts';

/** Decodes a base64 key and checks it is 32 bytes. */
export function decodeKey(text: string, source: string): Buffer {
  const key = Buffer.from(text.trim(), 'base64');
  if (key.length !== 32)
    throw new VaultError(`${source} must be base64 of 32 random bytes (e.g. \`openssl rand -base64 32\`); it decodes to ${key.length} bytes`);
  return key;
}

/** The keys of a comma-separated list (`TROPHYROOM_SECRET_KEY=new,old` while rotating), the first one sealing. */
export function decodeKeyList(text: string, source: string): Buffer[] {
  const parts = text.split(',').filter((p) => p.trim() !== '');
  if (parts.length === 0) throw new VaultError(`${source} is empty`);
  return parts.map((part, i) => decodeKey(part, parts.length > 1 ? `${source} (key ${i + 1})` : source));
}

const freshKey = () => randomBytes(32).toString('base64');

/** Writes the key lines through a file of its own and a rename, so a crash leaves the old file or the new one. */
function writeKeys(path: string, lines: string[]): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${lines.join('\n')}\n`, { mode: 0o600 });
  renameSync(temporary, path);
}

function keyLines(path: string): string[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
}

/** The keys of a key file, the sealing one first. */
export function readKeyFile(path: string): Buffer[] {
  // Whoever created it, nobody but the owner may read a key file.
  if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
  const lines = keyLines(path);
  if (lines.length === 0) throw new VaultError(`the key file ${path} holds no key`);
  return lines.map((line, i) => decodeKey(line, lines.length > 1 ? `the key file ${path} (line ${i + 1})` : `the key file ${path}`));
}

/**
 * Reads the key file, creating it (mode 0600) with a fresh random key when missing — unless
 * `mayCreate` is false: a new key could never open the tokens a database already holds.
 */
export function loadOrCreateKeyFile(path: string, mayCreate = true): Buffer[] {
  if (!existsSync(path)) {
    if (!mayCreate)
      throw new VaultError(
        `The vault key file ${path} is missing, but the database holds PSN tokens sealed with a key. Restore the file from a backup (or set TROPHYROOM_SECRET_KEY to that key). If the key is lost for good, start once with --forget-psn-tokens: every PlayStation connection is then marked for reconnecting, and all trophies are kept.`,
      );
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, `${freshKey()}\n`, { mode: 0o600, flag: 'wx' });
  }
  return readKeyFile(path);
}

export interface KeySource {
  /** The environment's keys (`TROPHYROOM_SECRET_KEY`), if set: they win over the file. */
  envKey?: string | undefined;
  /** The name the environment value is reported under. @default 'TROPHYROOM_SECRET_KEY' */
  envName?: string;
  keyFile: string;
  /** Create the key file when it is missing. @default true */
  mayCreate?: boolean;
}

/** The vault's keys from the environment value if given, else from the key file (created only when `mayCreate`). */
export function resolveVaultKeys(source: KeySource): Buffer[] {
  return source.envKey ? decodeKeyList(source.envKey, source.envName ?? 'TROPHYROOM_SECRET_KEY') : loadOrCreateKeyFile(source.keyFile, source.mayCreate);
}

/** Rotation, first step: a fresh key goes first in the file (it seals from now on), the old ones stay after it to open what they sealed. */
export function addKeyToFile(path: string): { keys: number } {
  if (!existsSync(path)) throw new VaultError(`There is no key file at ${path} to rotate (a data directory's vault.key is created on the first start).`);
  const old = keyLines(path);
  readKeyFile(path);
  writeKeys(path, [freshKey(), ...old]);
  return { keys: old.length + 1 };
}

/** Rotation, last step (every value is sealed with the first key): the file keeps only that key. Returns how many keys were dropped. */
export function keepFirstKey(path: string): number {
  const lines = keyLines(path);
  if (lines.length <= 1) return 0;
  writeKeys(path, lines.slice(0, 1));
  return lines.length - 1;
}
