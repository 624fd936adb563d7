import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TrophyTitle } from '@trophyroom/psn';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { ExportedTitle } from './export-record.ts';
import { ExportState } from './export-state.ts';

const NOW = Date.parse('2026-11-01T12:00:00Z');
const me = { accountId: '1234567890123456789', baseUrl: null };
const listed = (id: string, updated = '2026-10-01T00:00:00Z') =>
  ({ npCommunicationId: id, lastUpdatedDateTime: updated, trophySetVersion: '01.00' }) as TrophyTitle;
const exported = (id: string, updated = '2026-10-01T00:00:00Z') =>
  ({ npCommunicationId: id, lastUpdatedDateTime: updated, trophySetVersion: '01.00', trophies: [] }) as unknown as ExportedTitle;

function dir(): string {
  const d = mkdtempSync(join(tmpdir(), 'trophyroom-state-'));
  onTestFinished(() => rmSync(d, { recursive: true, force: true }));
  return d;
}

describe('ExportState', () => {
  it('keeps finished titles for the next run, drops a torn last line, and reuses only unchanged titles', () => {
    const d = dir();
    const first = new ExportState(d, me, NOW);
    expect(first.resumed).toBe(false);
    first.save(exported('NPWR00001_00'));
    first.save(exported('NPWR00002_00'));
    appendFileSync(first.path, '{"npCommunicationId":"NPWR00003_00","trop'); // cut off by Ctrl-C
    const second = new ExportState(d, me, NOW + 60_000);
    expect(second.resumed).toBe(true);
    expect(second.savedCount).toBe(2);
    expect(second.current(listed('NPWR00001_00'))).toBeDefined();
    expect(second.current(listed('NPWR00002_00', '2026-10-30T00:00:00Z'))).toBeUndefined(); // earned something since
    expect(second.current(listed('NPWR00003_00'))).toBeUndefined();
    expect(readFileSync(second.path, 'utf8').trimEnd().split('\n')).toHaveLength(3);
  });

  it('starts over for another account, another origin, after a week, or when discarded', () => {
    const d = dir();
    new ExportState(d, me, NOW).save(exported('NPWR00001_00'));
    expect(new ExportState(d, { ...me, baseUrl: 'http://127.0.0.1:4100' }, NOW).resumed).toBe(false);
    new ExportState(d, me, NOW).save(exported('NPWR00001_00'));
    expect(new ExportState(d, { ...me, accountId: '9' }, NOW).resumed).toBe(false);
    new ExportState(d, me, NOW).save(exported('NPWR00001_00'));
    expect(new ExportState(d, me, NOW + 8 * 86_400_000).resumed).toBe(false);
    new ExportState(d, me, NOW).save(exported('NPWR00001_00'));
    ExportState.discard(d);
    expect(new ExportState(d, me, NOW).resumed).toBe(false);
  });
});
