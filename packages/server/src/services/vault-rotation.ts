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
    // Conditional: a refresh or reconnect that wrote new tokens meanwhile is not overwritten (it used the new key).
    const wrote = await connections.updateIfUnchanged(c.user_id, c.refresh_token_enc, {
      refresh_token_enc: vault.encrypt(vault.decrypt(c.refresh_token_enc)),
      access_token_enc: c.access_token_enc === null ? null : vault.encrypt(vault.decrypt(c.access_token_enc)),
    });
    if (wrote) rotated += 1;
  }
  return { rotated };
}
