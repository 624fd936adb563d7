/**
 * A worker process for the crash tests: opens the store and runs jobs until it is killed.
 * Usage: tsx import-worker.ts <simUrl> <databaseUrl> <vaultKeyBase64> <leaseMs>
 */
import { openStore } from '../src/db/database.ts';
import { createEngine } from '../src/engine.ts';
import { Vault } from '../src/vault/vault.ts';

const [simUrl, databaseUrl, key, leaseMs] = process.argv.slice(2) as [string, string, string, string];
const store = await openStore(databaseUrl);
const engine = createEngine({ store, vault: new Vault([Buffer.from(key, 'base64')]), psnOptions: { baseUrl: simUrl } });
const worker = engine.worker({ leaseMs: Number(leaseMs), pollMs: 20 });
worker.start();
process.stdout.write('ready\n');
