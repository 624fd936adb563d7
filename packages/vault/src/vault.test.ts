import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addKeyToFile, keepFirstKey, loadOrCreateKeyFile, readKeyFile, resolveVaultKeys } from './key-file.ts';
import { Vault, VaultError, sealedKeyId } from './vault.ts';

const keyFile = () => join(mkdtempSync(join(tmpdir(), 'vault-')), 'data', 'vault.key');

describe('vault', () => {
  it('seals with a random IV per value and opens only with the right key, untampered', () => {
    const vault = new Vault([randomBytes(32)]);
    const a = vault.encrypt('refresh-token-value');
    const b = vault.encrypt('refresh-token-value');
    expect(a).not.toBe(b);
    expect(a).not.toContain('refresh-token-value');
    expect(vault.decrypt(a)).toBe('refresh-token-value');
    const parts = a.split('.');
    parts[3] = Buffer.from('tampered').toString('base64url');
    expect(() => vault.decrypt(parts.join('.'))).toThrow(VaultError);
    expect(() => new Vault([randomBytes(32)]).decrypt(a)).toThrow(/not configured/);
    expect(sealedKeyId(a)).toBe(vault.keyId);
    expect(sealedKeyId('plain text')).toBeUndefined();
  });

  it('reads an old key during rotation, reports which values are current, and reseals the others', () => {
    const oldKey = randomBytes(32);
    const sealed = new Vault([oldKey]).encrypt('x');
    const rotated = new Vault([randomBytes(32), oldKey]);
    expect(rotated.decrypt(sealed)).toBe('x');
    expect(rotated.isCurrent(sealed)).toBe(false);
    expect(rotated.isCurrent(rotated.encrypt('x'))).toBe(true);
    const resealed = rotated.reseal(sealed);
    expect(rotated.isCurrent(resealed)).toBe(true);
    expect(rotated.decrypt(resealed)).toBe('x');
    expect(rotated.reseal(resealed)).toBe(resealed);
    expect(rotated.keyIds).toEqual([rotated.keyId, sealedKeyId(sealed)]);
  });

  it('creates a key file with mode 0600 on first start and reuses it', () => {
    const file = keyFile();
    const [key] = loadOrCreateKeyFile(file);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(loadOrCreateKeyFile(file)[0]?.equals(key as Buffer)).toBe(true);
    writeFileSync(file, 'short\n');
    expect(() => loadOrCreateKeyFile(file)).toThrow(/32 random bytes/);
    expect(readFileSync(file, 'utf8')).toBe('short\n');
    expect(() => loadOrCreateKeyFile(keyFile(), false)).toThrow(/missing.*--forget-psn-tokens/s);
  });

  it('prefers TROPHYROOM_SECRET_KEY (several while rotating) and rejects a key of the wrong size with a clear message', () => {
    const env = randomBytes(32).toString('base64');
    expect(resolveVaultKeys({ envKey: env, keyFile: '/nonexistent/key' }).map((k) => k.toString('base64'))).toEqual([env]);
    const old = randomBytes(32).toString('base64');
    expect(resolveVaultKeys({ envKey: `${env},${old}`, keyFile: '/x' }).map((k) => k.toString('base64'))).toEqual([env, old]);
    expect(() => resolveVaultKeys({ envKey: 'dG9vIHNob3J0', keyFile: '/x' })).toThrow(/TROPHYROOM_SECRET_KEY must be base64 of 32 random bytes/);
    expect(() => resolveVaultKeys({ envKey: `${env},dG9vIHNob3J0`, keyFile: '/x' })).toThrow(/TROPHYROOM_SECRET_KEY \(key 2\) must be base64/);
  });

  it('rotates a key file: a fresh key first, the old one kept until every value is sealed again, then dropped', () => {
    const file = keyFile();
    const [old] = loadOrCreateKeyFile(file);
    const sealed = new Vault([old as Buffer]).encrypt('refresh');
    expect(addKeyToFile(file)).toEqual({ keys: 2 });
    const keys = readKeyFile(file);
    expect(keys).toHaveLength(2);
    expect(keys[1]?.equals(old as Buffer)).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const vault = new Vault(keys);
    const resealed = vault.reseal(sealed);
    expect(keepFirstKey(file)).toBe(1);
    expect(keepFirstKey(file)).toBe(0);
    const after = new Vault(readKeyFile(file));
    expect(after.decrypt(resealed)).toBe('refresh');
    expect(() => after.decrypt(sealed)).toThrow(/not configured/);
    expect(() => addKeyToFile(keyFile())).toThrow(/no key file/);
  });
});
