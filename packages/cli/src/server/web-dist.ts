/**
 * Where the built web UI is: the `dist` folder of `@trophyroom/web`, which `serve` and `demo`
 * hand to the server (the server itself knows nothing of the web package).
 * @module
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The web package's `dist` folder, or undefined when the package is not installed. */
export function webDist(): string | undefined {
  try {
    return join(dirname(fileURLToPath(import.meta.resolve('@trophyroom/web/package.json'))), 'dist');
  } catch {
    return undefined;
  }
}

/** Whether the web UI has been built (`npm run build -w @trophyroom/web`). */
export function webBuilt(dist = webDist()): boolean {
  return dist !== undefined && existsSync(join(dist, 'index.html'));
}
