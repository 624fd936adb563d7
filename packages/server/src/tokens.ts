/**
 * The light part of the server package: the token vault, its key, and the countdown wording.
 * No store, no engine — the CLI seals its tokens with these without loading SQLite or PostgreSQL.
 * @module
 */
export { type Countdown, type CountdownState, countdownOf, SHORT_TOKEN_DAYS } from './services/countdown.ts';
export { decodeKey, loadOrCreateKeyFile, resolveVaultKey } from './vault/vault-key.ts';
export { Vault, VaultError } from './vault/vault.ts';
