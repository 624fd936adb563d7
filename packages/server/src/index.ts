export { type Store, openStore } from './db/database.ts';
export { createEngine, type Engine, type EngineOptions } from './engine.ts';
export { type Countdown, type CountdownState, countdownOf, SHORT_TOKEN_DAYS } from './services/countdown.ts';
export { decodeKey, loadOrCreateKeyFile, resolveVaultKey } from './vault/vault-key.ts';
export { Vault, VaultError } from './vault/vault.ts';
