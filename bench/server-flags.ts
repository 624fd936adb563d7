/**
 * The Node options `trophyroom` runs with (its shebang's: the heap ceiling), so a benchmark's
 * server process is sized as the product's.
 * @module
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './sim-throughput.ts';

export function binNodeFlags(): string[] {
  const shebang = readFileSync(join(ROOT, 'packages', 'cli', 'bin', 'trophyroom.js'), 'utf8').split('\n')[0] as string;
  const flags = /^#!\/usr\/bin\/env -S node(.*)$/.exec(shebang)?.[1];
  if (flags === undefined) throw new Error(`bin/trophyroom.js: a shebang the benchmarks do not know: ${shebang}`);
  return flags.trim().split(/\s+/).filter(Boolean);
}
