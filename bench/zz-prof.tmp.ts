import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seed, defaultApiLatencyOptions } from './api-latency.ts';
const dir = mkdtempSync(join(tmpdir(), 'trophyroom-prof-'));
await seed(join(dir, 'trophyroom.db'), { ...defaultApiLatencyOptions, users: 3 });
console.log(dir);
