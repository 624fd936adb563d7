/**
 * A build of the UI for one test file (into a temporary folder, so parallel files never share
 * one), and its files served as the server would: by path, with index.html for any other path
 * (SPA fallback).
 * @module
 */
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const webRoot = fileURLToPath(new URL('..', import.meta.url));

export async function buildUi(): Promise<string> {
  const outDir = mkdtempSync(join(tmpdir(), 'trophyroom-web-'));
  await build({ root: webRoot, configFile: join(webRoot, 'vite.config.ts'), logLevel: 'silent', build: { outDir, emptyOutDir: true, sourcemap: false } });
  return outDir;
}

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

export function fileServer(dir: string): (path: string) => { body: Buffer; type: string } | null {
  return (path) => {
    const file = join(dir, normalize(decodeURIComponent(path)).replace(/^(\.\.[/\\])+/, ''));
    if (file.startsWith(dir) && existsSync(file) && statSync(file).isFile())
      return { body: readFileSync(file), type: types[extname(file)] ?? 'application/octet-stream' };
    if (extname(path)) return null;
    return { body: readFileSync(join(dir, 'index.html')), type: types['.html']! };
  };
}
