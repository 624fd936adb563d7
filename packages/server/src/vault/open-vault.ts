/**
 * Opens the vault at start-up and checks it against what the database holds: a key file is only
 * created for a database with no sealed tokens, and a key that cannot open the stored tokens
 * (the key file lost, another TROPHYROOM_SECRET_KEY) stops the start with what to do, instead of
 * every sync failing later while the connection still looks healthy. After a rotation (a new key
 * first, the old ones after it) every token is sealed again with the new key, and a key file then
 * drops the old keys.
 * @module
 */
import { keepFirstKey, resolveVaultKeys, sealedKeyId, Vault, VaultError } from '@trophyroom/vault';
import type { PsnConnectionUpdate } from '../db/schema.ts';
import type { ConnectionsRepository } from '../repositories/connections.repository.ts';

export interface OpenVaultOptions {
  connections: Pick<ConnectionsRepository, 'all' | 'update' | 'updateIfUnchanged'>;
  /** `TROPHYROOM_SECRET_KEY`, if set (several keys, comma-separated, while rotating). */
  envKey: string | undefined;
  keyFile: string;
  /** The operator accepts that tokens the key cannot open are lost: their connections are marked for reconnecting. */
  forgetUnreadable: boolean;
  now: () => number;
}

export interface OpenedVault {
  vault: Vault;
  /** Connections whose tokens no key could open, marked for reconnecting (`forgetUnreadable`). */
  forgotten: number;
  /** Connections whose tokens were sealed again with the first key (a rotation). */
  resealed: number;
  /** Old keys dropped from the key file once nothing needed them. */
  retiredKeys: number;
}

/** What a connection whose tokens were sealed by a lost key says until its user reconnects. */
export const UNREADABLE_TOKENS =
  'This server can no longer read the stored PSN tokens (its encryption key was replaced). Paste a new NPSSO to reconnect; your trophies are kept.';

export async function openVault(options: OpenVaultOptions): Promise<OpenedVault> {
  const connections = await options.connections.all();
  const holdsTokens = connections.length > 0;
  const vault = new Vault(resolveVaultKeys({ envKey: options.envKey, keyFile: options.keyFile, mayCreate: !holdsTokens || options.forgetUnreadable }));
  const unreadable = connections.filter((c) => {
    const id = sealedKeyId(c.refresh_token_enc);
    return !id || !vault.hasKey(id);
  });
  if (unreadable.length > 0 && !options.forgetUnreadable) {
    const ids = [...new Set(unreadable.map((c) => sealedKeyId(c.refresh_token_enc) ?? 'unknown'))].join(', ');
    throw new VaultError(
      `The vault key (id ${vault.keyId}) cannot open the PSN tokens of ${unreadable.length} connection(s), sealed with key ${ids}. Restore the old vault.key (or set TROPHYROOM_SECRET_KEY to the old key). If it is lost for good, start once with --forget-psn-tokens: those connections are marked for reconnecting, and all trophies are kept.`,
    );
  }
  const stamp = new Date(options.now()).toISOString();
  for (const c of unreadable) await options.connections.update(c.user_id, { state: 'revoked', state_detail: UNREADABLE_TOKENS, updated_at: stamp });

  // A rotation: what an old key sealed is sealed again with the first one.
  const lost = new Set(unreadable.map((c) => c.user_id));
  let resealed = 0;
  let behind = 0;
  for (const c of connections) {
    if (lost.has(c.user_id)) continue;
    const stale = !vault.isCurrent(c.refresh_token_enc) || (c.access_token_enc !== null && !vault.isCurrent(c.access_token_enc));
    if (!stale) continue;
    const changes: PsnConnectionUpdate = { refresh_token_enc: vault.reseal(c.refresh_token_enc) };
    try {
      changes.access_token_enc = c.access_token_enc === null ? null : vault.reseal(c.access_token_enc);
    } catch (error) {
      // An access token only saves a refresh: one that cannot be opened is dropped (the next call refreshes).
      if (!(error instanceof VaultError)) throw error;
      Object.assign(changes, { access_token_enc: null, access_expires_at: null });
    }
    // Only over the tokens read here: a refresh or a reconnect meanwhile used the new key already.
    if (await options.connections.updateIfUnchanged(c.user_id, c.refresh_token_enc, changes)) resealed += 1;
    else behind += 1;
  }
  // The old keys of a key file go once nothing is sealed with them (with TROPHYROOM_SECRET_KEY the operator drops them).
  const retiredKeys = !options.envKey && behind === 0 && vault.keyIds.length > 1 ? keepFirstKey(options.keyFile) : 0;
  return { vault, forgotten: unreadable.length, resealed, retiredKeys };
}
