export { type Store, openStore } from './db/database.ts';
export { createEngine, type Engine, type EngineOptions } from './engine.ts';
export { createApp } from './http/app.ts';
export { ConfigError, loadConfig, type Role, type ServerConfig } from './config.ts';
export { type RunningServer, type StartOptions, startServer } from './main.ts';
export { copyStore, CopyStoreError, type CopyStoreOptions, storeTables } from './db/copy-store.ts';
