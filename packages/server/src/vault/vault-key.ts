/**
 * Where the vault's key comes from: `TROPHYROOM_SECRET_KEY` (base64 of 32 bytes), or a key file
 * in the data directory created on first start with mode 0600.
 * @module
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { VaultError } from './vault.ts';

/** Decodes a base64 key and checks it is 32 bytes. */
export function decodeKey(text: string, source: string): Buffer {
  const key = Buffer.from(text.trim(), 'base64');
  if (key.length !== 32)
    throw new VaultError(`${source} must be base64 of 32 random bytes (e.g. \`openssl rand -base64 32\`); it decodes to ${key.length} bytes`);
  return key;
}

/**
 * Reads the key file, creating it (mode 0600) with a fresh random key when missing — unless
 * `mayCreate` is false: a new key could never open the tokens the database already holds.
 */
export function loadOrCreateKeyFile(path: string, mayCreate = true): Buffer {
  if (!existsSync(path)) {
    if (!mayCreate)
      throw new VaultError(
        `The vault key file ${path} is missing, but the database holds PSN tokens sealed with a key. Restore the file from a backup (or set TROPHYROOM_SECRET_KEY to that key). If the key is lost for good, start once with --forget-psn-tokens: every PlayStation connection is then marked for reconnecting, and all trophies are kept.`,
      );
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  }
  // Whoever created it, nobody but the owner may read a key file.
  if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
  return decodeKey(readFileSync(path, 'utf8'), `the key file ${path}`);
}

/** The vault key from the environment value if given, else from the key file (created only when `mayCreate`). */
export function resolveVaultKey(options: { envKey?: string | undefined; keyFile: string; mayCreate?: boolean }): Buffer {
  return options.envKey ? decodeKey(options.envKey, 'TROPHYROOM_SECRET_KEY') : loadOrCreateKeyFile(options.keyFile, options.mayCreate);
}
