/**
 * Key rotation: re-encrypts every stored token with the vault's current key. Run with the new key
 * first and the old key after it; values already under the current key are left alone.
 * @module
 */
import type { ConnectionsRepository } from '../repositories/connections.repository.ts';
import type { Vault } from '../vault/vault.ts';

export async function rotateVaultKey(connections: ConnectionsRepository, vault: Vault): Promise<{ rotated: number }> {
  let rotated = 0;
  for (const c of await connections.all()) {
    const stale = !vault.isCurrent(c.refresh_token_enc) || (c.access_token_enc !== null && !vault.isCurrent(c.access_token_enc));
    if (!stale) continue;
    await connections.update(c.user_id, {
      refresh_token_enc: vault.encrypt(vault.decrypt(c.refresh_token_enc)),
      access_token_enc: c.access_token_enc === null ? null : vault.encrypt(vault.decrypt(c.access_token_enc)),
    });
    rotated += 1;
  }
  return { rotated };
}
