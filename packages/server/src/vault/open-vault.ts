/**
 * Opens the vault at start-up and checks it against what the database holds: a key file is only
 * created for a database with no sealed tokens, and a key that cannot open the stored tokens
 * (the key file lost, another TROPHYROOM_SECRET_KEY) stops the start with what to do, instead of
 * every sync failing later while the connection still looks healthy.
 * @module
 */
import type { ConnectionsRepository } from '../repositories/connections.repository.ts';
import { resolveVaultKey } from './vault-key.ts';
import { Vault, VaultError, sealedKeyId } from './vault.ts';

export interface OpenVaultOptions {
  connections: Pick<ConnectionsRepository, 'all' | 'update'>;
  /** `TROPHYROOM_SECRET_KEY`, if set. */
  envKey: string | undefined;
  keyFile: string;
  /** The operator accepts that tokens the key cannot open are lost: their connections are marked for reconnecting. */
  forgetUnreadable: boolean;
  now: () => number;
}

/** What a connection whose tokens were sealed by a lost key says until its user reconnects. */
export const UNREADABLE_TOKENS =
  'This server can no longer read the stored PSN tokens (its encryption key was replaced). Paste a new NPSSO to reconnect; your trophies are kept.';

export async function openVault(options: OpenVaultOptions): Promise<{ vault: Vault; forgotten: number }> {
  const connections = await options.connections.all();
  const sealedWith = new Map(connections.map((c) => [c.user_id, sealedKeyId(c.refresh_token_enc)]));
  const holdsTokens = connections.length > 0;
  const vault = new Vault([resolveVaultKey({ envKey: options.envKey, keyFile: options.keyFile, mayCreate: !holdsTokens || options.forgetUnreadable })]);
  const unreadable = [...sealedWith].filter(([, id]) => !id || !vault.hasKey(id));
  if (unreadable.length === 0) return { vault, forgotten: 0 };
  if (!options.forgetUnreadable) {
    const ids = [...new Set(unreadable.map(([, id]) => id ?? 'unknown'))].join(', ');
    throw new VaultError(
      `The vault key (id ${vault.keyId}) cannot open the PSN tokens of ${unreadable.length} connection(s), sealed with key ${ids}. Restore the old vault.key (or set TROPHYROOM_SECRET_KEY to the old key). If it is lost for good, start once with --forget-psn-tokens: those connections are marked for reconnecting, and all trophies are kept.`,
    );
  }
  const stamp = new Date(options.now()).toISOString();
  for (const [userId] of unreadable) await options.connections.update(userId, { state: 'revoked', state_detail: UNREADABLE_TOKENS, updated_at: stamp });
  return { vault, forgotten: unreadable.length };
}
