/**
 * Finds the Chromium that the browser tests and benchmarks drive: `CHROMIUM_PATH` when it is set
 * (a system Chromium), otherwise the headless Chromium that the `@sparticuz/chromium` npm package
 * ships, unpacked once per version into `node_modules/.cache/`. Nothing comes from apt, and a
 * missing browser is an error that says how to get one, never a skipped suite.
 * @module
 */
import { execFileSync } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface ChromiumBinary {
  executablePath: string;
  /** Where it came from, for error messages. */
  source: 'CHROMIUM_PATH' | '@sparticuz/chromium';
}

const PACKAGE = '@sparticuz/chromium';
const HOW_TO_GET_ONE = `Run \`npm ci\` at the project root (it installs ${PACKAGE}), or set CHROMIUM_PATH to a Chromium or Chrome binary.`;

/** Resolves the browser, unpacking the npm one on first use (about 3 s, then cached). */
export function resolveChromium(env: NodeJS.ProcessEnv = process.env): ChromiumBinary {
  const configured = env.CHROMIUM_PATH;
  if (configured) {
    try {
      accessSync(configured, constants.X_OK);
    } catch {
      throw new Error(`CHROMIUM_PATH=${configured} is not an executable file. Point it at a Chromium binary, or unset it to use the one from ${PACKAGE}.`);
    }
    return { executablePath: configured, source: 'CHROMIUM_PATH' };
  }
  return { executablePath: unpackedChromium(), source: PACKAGE };
}

function packageDir(): string {
  const require = createRequire(import.meta.url);
  let entry: string;
  try {
    entry = require.resolve(PACKAGE);
  } catch {
    throw new Error(`No Chromium for the browser tests: ${PACKAGE} is not installed. ${HOW_TO_GET_ONE}`);
  }
  const marker = `${sep}node_modules${sep}`;
  const root = entry.slice(0, entry.lastIndexOf(marker) + marker.length);
  return join(root, ...PACKAGE.split('/'));
}

/**
 * Unpacks into a staging folder and renames it into place, so parallel suites never see half a
 * browser: the first rename wins and the others drop their copy.
 */
function unpackedChromium(): string {
  const dir = packageDir();
  const version = (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version;
  const cache = join(dir, '..', '..', '.cache', 'trophyroom');
  const target = join(cache, `chromium-${version}`);
  const binary = join(target, 'chromium');
  if (existsSync(binary)) return binary;
  mkdirSync(cache, { recursive: true });
  const staging = mkdtempSync(join(cache, `chromium-${version}.partial-`));
  try {
    // The package unpacks into the temp directory it is given; a child process keeps TMPDIR ours alone.
    const script = `const { default: chromium } = await import(${JSON.stringify(PACKAGE)}); process.stdout.write(await chromium.executablePath());`;
    const unpacked = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: dirname(fileURLToPath(import.meta.url)),
      env: { ...process.env, TMPDIR: staging },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    if (unpacked !== join(staging, 'chromium')) throw new Error(`${PACKAGE} unpacked to ${unpacked}, expected ${join(staging, 'chromium')}`);
    renameSync(staging, target);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    if (existsSync(binary)) return binary;
    throw new Error(`Could not unpack the Chromium of ${PACKAGE}: ${error instanceof Error ? error.message : String(error)}. ${HOW_TO_GET_ONE}`);
  }
  return binary;
}
