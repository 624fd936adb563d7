/**
 * What makes `export` resumable: every title fetched is appended as one JSON line to
 * `<config dir>/export/progress.jsonl` the moment it is complete, under a header naming the
 * account and the origin. A re-run reuses each saved title whose trophies have not changed since
 * (same `lastUpdatedDateTime` and `trophySetVersion` in the fresh title list) and fetches only
 * the rest. Trophy data only — never a token. Deleted when an export finishes.
 * @module
 */
import { appendFileSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { TrophyTitle } from '@trophyroom/psn';
import { ensureDir, writeFileAtomic } from '../config/config-dir.ts';
import type { ExportedTitle } from './export-record.ts';

interface Header {
  kind: 'trophyroom-export';
  version: 1;
  accountId: string;
  baseUrl: string | null;
  startedAt: string;
}

/** Saved progress older than this is not trusted (rarity drifts); the export starts over. */
const MAX_AGE_MS = 7 * 86_400_000;

export class ExportState {
  readonly path: string;
  readonly #header: Header;
  readonly #saved = new Map<string, ExportedTitle>();
  /** Whether earlier progress was found and kept. */
  readonly resumed: boolean;

  constructor(dir: string, account: { accountId: string; baseUrl: string | null }, now: number) {
    this.path = join(dir, 'export', 'progress.jsonl');
    const earlier = existsSync(this.path) ? readFileSync(this.path, 'utf8').split('\n') : [];
    let header: Header | undefined;
    try {
      header = earlier[0] ? (JSON.parse(earlier[0]) as Header) : undefined;
    } catch {
      header = undefined;
    }
    const usable =
      header?.kind === 'trophyroom-export' &&
      header.version === 1 &&
      header.accountId === account.accountId &&
      header.baseUrl === account.baseUrl &&
      now - Date.parse(header.startedAt) < MAX_AGE_MS;
    if (usable && header) {
      this.#header = header;
      for (const line of earlier.slice(1)) {
        if (!line.trim()) continue;
        try {
          const title = JSON.parse(line) as ExportedTitle;
          this.#saved.set(title.npCommunicationId, title);
        } catch {
          // A line cut short by an interruption: that title is fetched again.
        }
      }
      this.resumed = true;
      // Rewrite without any torn line, so appends start on a clean line.
      writeFileAtomic(this.path, [JSON.stringify(header), ...[...this.#saved.values()].map((t) => JSON.stringify(t))].join('\n').concat('\n'));
    } else {
      this.#header = { kind: 'trophyroom-export', version: 1, accountId: account.accountId, baseUrl: account.baseUrl, startedAt: new Date(now).toISOString() };
      ensureDir(join(dir, 'export'));
      writeFileAtomic(this.path, `${JSON.stringify(this.#header)}\n`);
      this.resumed = false;
    }
  }

  /** The saved export of `listed`, if it is still current. */
  current(listed: TrophyTitle): ExportedTitle | undefined {
    const saved = this.#saved.get(listed.npCommunicationId);
    if (!saved) return undefined;
    const same = saved.lastUpdatedDateTime === listed.lastUpdatedDateTime && saved.trophySetVersion === listed.trophySetVersion;
    return same ? saved : undefined;
  }

  /** Saves one complete title at once (a crash after this keeps it). */
  save(title: ExportedTitle): void {
    this.#saved.set(title.npCommunicationId, title);
    appendFileSync(this.path, `${JSON.stringify(title)}\n`, { mode: 0o600 });
  }

  get savedCount(): number {
    return this.#saved.size;
  }

  /** Forgets any saved progress (`--restart`). */
  static discard(dir: string): void {
    rmSync(join(dir, 'export', 'progress.jsonl'), { force: true });
  }

  /** The export finished: nothing to resume. */
  clear(): void {
    rmSync(this.path, { force: true });
  }
}
