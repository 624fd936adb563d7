/**
 * A recording: requests to Sony and Sony's answers, secrets removed and people anonymised, in one
 * JSON file (`format: "psn-recording/1"`). Written by `trophyroom record`, seeded from public
 * fixtures in `recordings/`, served by `psn-sim --replay`, and held against the simulator by the
 * conformance test. See `docs/recording.md`.
 * @module
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export const RECORDING_FORMAT = 'psn-recording/1';

export interface RecordingSource {
  /** `owner/name` of a public repository, or `trophyroom record` for a user's own session. */
  repo?: string;
  path?: string;
  commit?: string;
  section?: string;
  /** When Sony answered (a date, or a month). */
  recorded?: string;
  tool?: string;
}

export interface RecordedExchange {
  /** The simulator's route id (`trophy.titles`), also used for its counters and faults. */
  route: string;
  /** What was asked, as the conformance test reproduces it: `own`, `other`, `forbidden`, `unknown-id`… */
  case: string;
  request: { method: string; url: string; body?: string };
  response: {
    status: number;
    headers?: Record<string, string>;
    /** JSON as Sony sent it, or its text when it was not JSON (an empty 302, an HTML page). */
    body: unknown;
  };
  /** What was cut to keep the file small (`trophyTitles: 3 of 50`): items were removed, never fields. */
  trimmed?: string;
  /** The body is one item of this list (`trophies[]`), quoted alone by its source. */
  fragment?: string;
  /** `false` when the source may have left fields out: the test then does not judge what the simulator adds. @default true */
  fieldsComplete?: boolean;
  note?: string;
}

export interface Recording {
  format: typeof RECORDING_FORMAT;
  description?: string;
  sources: RecordingSource[];
  /** How people were anonymised and secrets removed. */
  anonymised: string;
  exchanges: RecordedExchange[];
}

/** Parses and checks a recording's text; throws an Error that names the file and the problem. */
export function parseRecording(text: string, name = 'recording'): Recording {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error(`${name}: not JSON`);
  }
  const r = value as Partial<Recording>;
  if (r?.format !== RECORDING_FORMAT) throw new Error(`${name}: "format" must be "${RECORDING_FORMAT}"`);
  if (!Array.isArray(r.exchanges) || r.exchanges.length === 0) throw new Error(`${name}: "exchanges" must be a non-empty array`);
  if (!Array.isArray(r.sources)) throw new Error(`${name}: "sources" must say where the answers came from`);
  for (const [i, e] of r.exchanges.entries()) {
    if (typeof e?.route !== 'string' || typeof e.case !== 'string') throw new Error(`${name}: exchanges[${i}] needs "route" and "case"`);
    if (typeof e.request?.url !== 'string' || typeof e.request.method !== 'string')
      throw new Error(`${name}: exchanges[${i}].request needs "method" and "url"`);
    if (typeof e.response?.status !== 'number') throw new Error(`${name}: exchanges[${i}].response needs "status"`);
  }
  return r as Recording;
}

/** Every `*.json` recording in a folder, by file name. */
export function loadRecordings(dir: string): Array<{ name: string; recording: Recording }> {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((name) => ({ name, recording: parseRecording(readFileSync(join(dir, name), 'utf8'), name) }));
}
