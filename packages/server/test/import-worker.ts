/**
 * A worker process for the crash tests: opens the store and runs jobs until it is killed.
 * Usage: node --import tsx import-worker.ts <simUrl> <databaseUrl> <vaultKeyBase64> <leaseMs> [psnOptionsJson]
 */
import { openStore } from '../src/db/database.ts';
import { createEngine } from '../src/engine.ts';
import { embeddedWorker } from './engine-kit.ts';
import { Vault } from '@trophyroom/vault';

const [simUrl, databaseUrl, key, leaseMs, extra] = process.argv.slice(2) as [string, string, string, string, string | undefined];
const store = await openStore(databaseUrl);
const engine = createEngine({ store, vault: new Vault([Buffer.from(key, 'base64')]), psnOptions: { baseUrl: simUrl, ...(extra ? JSON.parse(extra) : {}) } });
const worker = embeddedWorker(store, engine, { leaseMs: Number(leaseMs), pollMs: 20 });
worker.start();
process.stdout.write('ready\n');
