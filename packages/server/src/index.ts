export { type Store, openStore } from './db/database.ts';
export { createEngine, type Engine, type EngineOptions } from './engine.ts';
export { type Countdown, type CountdownState, countdownOf, SHORT_TOKEN_DAYS } from './services/countdown.ts';
export { decodeKey, loadOrCreateKeyFile, resolveVaultKey } from './vault/vault-key.ts';
export { Vault, VaultError } from './vault/vault.ts';
export { createApp } from './app.ts';
export { ConfigError, loadConfig, type Role, type ServerConfig } from './config.ts';
export { type RunningServer, type StartOptions, startServer } from './main.ts';
