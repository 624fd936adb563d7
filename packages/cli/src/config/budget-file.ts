/**
 * The rate budget's windows kept in the config directory (`budget.json`), so that one run after
 * another — an export resumed after Ctrl-C, a script calling `trophyroom` in a loop — still stays
 * under Sony's ~300 requests per 15 minutes. Holds send times only, nothing secret.
 * @module
 */
import { existsSync, readFileSync } from 'node:fs';
import type { BudgetStore, TakeResult } from '@trophyroom/psn';
import { writeFileAtomic } from './config-dir.ts';

interface Window {
  times: number[];
  blockedUntil: number;
}

export class FileBudgetStore implements BudgetStore {
  readonly #path: string;
  readonly #windows = new Map<string, Window>();

  constructor(path: string) {
    this.#path = path;
    if (!existsSync(path)) return;
    try {
      const saved = JSON.parse(readFileSync(path, 'utf8')) as Record<string, Window>;
      for (const [key, w] of Object.entries(saved))
        if (Array.isArray(w.times)) this.#windows.set(key, { times: w.times.filter(Number.isFinite), blockedUntil: Number(w.blockedUntil) || 0 });
    } catch {
      // A damaged file only costs the memory of past requests.
    }
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
    const w = this.#window(key);
    if (w.blockedUntil > now) return { ok: false, retryAt: w.blockedUntil };
    w.times = w.times.filter((t) => t > now - windowMs && t <= now + windowMs);
    if (w.times.length >= limit) return { ok: false, retryAt: (w.times[w.times.length - limit] as number) + windowMs };
    w.times.push(now);
    this.#save();
    return { ok: true };
  }

  block(key: string, until: number): void {
    const w = this.#window(key);
    w.blockedUntil = Math.max(w.blockedUntil, until);
    this.#save();
  }

  remaining(key: string, now: number, limit: number, windowMs: number): number {
    const w = this.#windows.get(key);
    if (!w) return limit;
    if (w.blockedUntil > now) return 0;
    return Math.max(0, limit - w.times.filter((t) => t > now - windowMs).length);
  }
}
