/**
 * The light part of the server package: the token vault, its key, the countdown wording, and the
 * keys whose values are secrets. No store, no engine — the CLI seals its tokens with these without
 * loading SQLite or PostgreSQL.
 * @module
 */
export { type Countdown, type CountdownState, countdownOf, SHORT_TOKEN_DAYS } from './services/countdown.ts';
export { decodeKey, loadOrCreateKeyFile, resolveVaultKey } from './vault/vault-key.ts';
export { Vault, VaultError } from './vault/vault.ts';

/** Keys whose values are secrets: the server's logs censor them, the CLI redacts them from what it prints. */
export const SECRET_KEYS: readonly string[] = [
  'npsso',
  'password',
  'token',
  'accessToken',
  'refreshToken',
  'idToken',
  'access_token',
  'refresh_token',
  'id_token',
  'authorization',
  'cookie',
  'set-cookie',
  'session',
];
