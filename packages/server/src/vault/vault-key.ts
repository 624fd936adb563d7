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

/** Reads the key file, creating it (mode 0600) with a fresh random key when missing. */
export function loadOrCreateKeyFile(path: string): Buffer {
  if (!existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  }
  // Whoever created it, nobody but the owner may read a key file.
  if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
  return decodeKey(readFileSync(path, 'utf8'), `the key file ${path}`);
}

/** The vault key from the environment value if given, else from the key file. */
export function resolveVaultKey(options: { envKey?: string | undefined; keyFile: string }): Buffer {
  return options.envKey ? decodeKey(options.envKey, 'TROPHYROOM_SECRET_KEY') : loadOrCreateKeyFile(options.keyFile);
}
