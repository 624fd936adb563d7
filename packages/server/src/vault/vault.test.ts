import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Vault, VaultError } from './vault.ts';
import { loadOrCreateKeyFile, resolveVaultKey } from './vault-key.ts';

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
  });

  it('reads an old key during rotation and reports which values are current', () => {
    const oldKey = randomBytes(32);
    const sealed = new Vault([oldKey]).encrypt('x');
    const rotated = new Vault([randomBytes(32), oldKey]);
    expect(rotated.decrypt(sealed)).toBe('x');
    expect(rotated.isCurrent(sealed)).toBe(false);
    expect(rotated.isCurrent(rotated.encrypt('x'))).toBe(true);
  });

  it('creates a key file with mode 0600 on first start and reuses it', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'vault-')), 'data', 'secret.key');
    const key = loadOrCreateKeyFile(file);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(loadOrCreateKeyFile(file).equals(key)).toBe(true);
    writeFileSync(file, 'short\n');
    expect(() => loadOrCreateKeyFile(file)).toThrow(/32 random bytes/);
    expect(readFileSync(file, 'utf8')).toBe('short\n');
  });

  it('prefers TROPHYROOM_SECRET_KEY and rejects a key of the wrong size with a clear message', () => {
    const env = randomBytes(32).toString('base64');
    expect(resolveVaultKey({ envKey: env, keyFile: '/nonexistent/key' }).toString('base64')).toBe(env);
    expect(() => resolveVaultKey({ envKey: 'dG9vIHNob3J0', keyFile: '/x' })).toThrow(/TROPHYROOM_SECRET_KEY must be base64 of 32 random bytes/);
  });
});
