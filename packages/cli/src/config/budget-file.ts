/**
 * The rate budget's windows kept in the config directory (`budget.json`), so that one run after
 * another — an export resumed after Ctrl-C, a script calling `trophyroom` in a loop — still stays
 * under Sony's ~300 requests per 15 minutes. Runs side by side (`trophyroom … &`) share it too:
 * each take or block re-reads the file and writes it back under a lock file (`budget.json.lock`,
 * created with `wx`), so no process overwrites another's requests. Holds send times only.
 * @module
 */
import { closeSync, existsSync, openSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import type { BudgetStore, TakeResult } from '@trophyroom/psn';
import { ensureDir, writeFileAtomic } from './config-dir.ts';

interface Window {
  times: number[];
  blockedUntil: number;
}

/** A lock older than this was left by a process that died holding it (holding it takes milliseconds). */
const STALE_LOCK_MS = 2000;
/** Pause between tries for a held lock. */
const LOCK_RETRY_MS = 5;

// The lock is between processes, so its waits are wall-clock time (not the runtime's clock, which
// the simulator may drive), and short enough to block for: the store's calls stay synchronous.
const pause = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

function read(path: string): Map<string, Window> | undefined {
  if (!existsSync(path)) return undefined;
  try {
    const saved = JSON.parse(readFileSync(path, 'utf8')) as Record<string, Window>;
    const windows = new Map<string, Window>();
    for (const [key, w] of Object.entries(saved))
      if (Array.isArray(w?.times)) windows.set(key, { times: w.times.filter(Number.isFinite), blockedUntil: Number(w.blockedUntil) || 0 });
    return windows;
  } catch {
    // A damaged file only costs the memory of past requests.
    return undefined;
  }
}

/** Runs `update` while holding `${path}.lock`, taken with an exclusive create and retried briefly. */
function withLock<T>(path: string, update: () => T): T {
  const lock = `${path}.lock`;
  ensureDir(dirname(path));
  for (;;) {
    try {
      closeSync(openSync(lock, 'wx', 0o600));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    let age = 0;
    try {
      age = Date.now() - statSync(lock).mtimeMs;
    } catch {
      continue; // released meanwhile
    }
    if (age > STALE_LOCK_MS) rmSync(lock, { force: true });
    else pause(LOCK_RETRY_MS);
  }
  try {
    return update();
  } finally {
    rmSync(lock, { force: true });
  }
}

export class FileBudgetStore implements BudgetStore {
  readonly #path: string;
  /** The last state read or written; what is used when the file is missing or damaged. */
  #windows = new Map<string, Window>();

  constructor(path: string) {
    this.#path = path;
    this.#reload();
  }

  #reload(): void {
    const saved = read(this.#path);
    if (saved) this.#windows = saved;
  }

  #window(key: string): Window {
    let w = this.#windows.get(key);
    if (!w) {
      w = { times: [], blockedUntil: 0 };
      this.#windows.set(key, w);
    }
    return w;
  }

  #save(): void {
    writeFileAtomic(this.#path, JSON.stringify(Object.fromEntries(this.#windows)));
  }

  take(key: string, now: number, limit: number, windowMs: number): TakeResult {
    return withLock(this.#path, () => {
      this.#reload();
      const w = this.#window(key);
      if (w.blockedUntil > now) return { ok: false, retryAt: w.blockedUntil };
      w.times = w.times.filter((t) => t > now - windowMs && t <= now + windowMs);
      if (w.times.length >= limit) return { ok: false, retryAt: (w.times[w.times.length - limit] as number) + windowMs };
      w.times.push(now);
      this.#save();
      return { ok: true };
    });
  }

  block(key: string, until: number): void {
    withLock(this.#path, () => {
      this.#reload();
      const w = this.#window(key);
      w.blockedUntil = Math.max(w.blockedUntil, until);
      this.#save();
    });
  }

  remaining(key: string, now: number, limit: number, windowMs: number): number {
    // The file is replaced whole (rename), so reading it needs no lock.
    this.#reload();
    const w = this.#windows.get(key);
    if (!w) return limit;
    if (w.blockedUntil > now) return 0;
    return Math.max(0, limit - w.times.filter((t) => t > now - windowMs).length);
  }
}
