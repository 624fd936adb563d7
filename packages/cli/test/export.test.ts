import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Harness, expectNoSecrets, startHarness, until } from './harness.ts';

// biome-ignore lint/suspicious/noExplicitAny: the oracle's JSON is read loosely
type Json = any;

interface TruthTrophy {
  npCommunicationId: string;
  id: number;
  groupId: string;
  type: string;
  name: string;
  earned: boolean;
  earnedAt: string | null;
  earnedRate: number;
}

/** What the simulator serves: every title, and every trophy's definition joined with the earned state. */
async function truthOf(h: Harness): Promise<{ titles: Json[]; trophies: TruthTrophy[] }> {
  const token = await h.truthToken();
  const titles = ((await h.truth('/api/trophy/v1/users/me/trophyTitles?limit=800', token)) as Json).trophyTitles as Json[];
  const trophies: TruthTrophy[] = [];
  for (const t of titles) {
    const q = `npServiceName=${t.npServiceName}`;
    const defs = (await h.truth(`/api/trophy/v1/npCommunicationIds/${t.npCommunicationId}/trophyGroups/all/trophies?${q}`, token)) as Json;
    const earned = (await h.truth(`/api/trophy/v1/users/me/npCommunicationIds/${t.npCommunicationId}/trophyGroups/all/trophies?${q}`, token)) as Json;
    const byId = new Map<number, Json>(earned.trophies.map((e: Json) => [e.trophyId, e]));
    for (const d of defs.trophies) {
      const e = byId.get(d.trophyId);
      trophies.push({
        npCommunicationId: t.npCommunicationId,
        id: d.trophyId,
        groupId: d.trophyGroupId,
        type: d.trophyType,
        name: d.trophyName,
        earned: e?.earned ?? false,
        earnedAt: e?.earnedDateTime ?? null,
        earnedRate: Number(e?.trophyEarnedRate ?? 0),
      });
    }
  }
  return { titles, trophies };
}

function fromJsonExport(text: string): { titles: Json[]; trophies: TruthTrophy[] } {
  const doc = JSON.parse(text);
  const trophies = doc.titles.flatMap((t: Json) =>
    t.trophies.map((x: Json) => ({
      npCommunicationId: t.npCommunicationId,
      id: x.id,
      groupId: x.groupId,
      type: x.type,
      name: x.name,
      earned: x.earned,
      earnedAt: x.earnedAt,
      earnedRate: x.earnedRate,
    })),
  );
  return { titles: doc.titles, trophies };
}

/** RFC 4180, as much as the export needs. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n') {
      row.push(field.replace(/\r$/, ''));
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field || row.length) rows.push([...row, field]);
  return rows;
}

function fromCsvExport(text: string): TruthTrophy[] {
  const [header, ...rows] = parseCsv(text);
  const col = (name: string) => (header as string[]).indexOf(name);
  return rows.map((r) => ({
    npCommunicationId: r[col('npCommunicationId')] as string,
    id: Number(r[col('trophyId')]),
    groupId: r[col('groupId')] as string,
    type: r[col('type')] as string,
    name: r[col('name')] as string,
    earned: r[col('earned')] === 'true',
    earnedAt: r[col('earnedAt')] || null,
    earnedRate: Number(r[col('earnedRate')]),
  }));
}

const key = (t: TruthTrophy) => `${t.npCommunicationId}/${t.id}`;
const sorted = (list: TruthTrophy[]) => [...list].sort((a, b) => key(a).localeCompare(key(b)));

describe('export', { timeout: 60_000 }, () => {
  it('writes the whole library as JSON (stdout) and CSV (--out), matching what the simulator serves', async () => {
    const h = await startHarness({ titles: 14 });
    await h.login();
    const truth = await truthOf(h);

    const json = await h.run(['export', '--format', 'json']);
    expect(json.code).toBe(0);
    expect(json.stderr).toBe(''); // no progress bar in a pipe
    const fromJson = fromJsonExport(json.stdout);
    expect(fromJson.titles.map((t) => t.npCommunicationId)).toEqual(truth.titles.map((t) => t.npCommunicationId));
    expect(fromJson.titles.map((t) => t.progress)).toEqual(truth.titles.map((t) => t.progress));
    expect(sorted(fromJson.trophies)).toEqual(sorted(truth.trophies));
    expect(JSON.parse(json.stdout).account.onlineId).toBe(h.sim.credentialsOf(0).onlineId);

    const out = join(h.configDir, 'library.csv');
    const csv = await h.run(['export', '--format', 'csv', '--out', out]);
    expect(csv.code).toBe(0);
    expect(csv.stdout).toBe('');
    const text = readFileSync(out, 'utf8');
    expect(text.split('\r\n')[0]).toBe('npCommunicationId,title,platform,groupId,groupName,trophyId,type,name,detail,hidden,earned,earnedAt,earnedRate,rarity');
    expect(sorted(fromCsvExport(text))).toEqual(sorted(truth.trophies));
    // Finished exports leave nothing to resume.
    expect(existsSync(join(h.configDir, 'export', 'progress.jsonl'))).toBe(false);
    expect((await h.run(['export', '--format', 'xml'])).code).toBe(2);
    const nowhere = await h.run(['export', '--out', join(h.configDir, 'missing', 'x.json')]);
    expect(nowhere.code).toBe(2);
    expect(nowhere.stderr).toMatch(/^trophyroom: Cannot write .*does not exist or is not writable\.\n$/);
    expectNoSecrets(h);
  });

  it('waits out a 429 storm (on the simulator clock) and finishes with complete output', async () => {
    const h = await startHarness({ titles: 8 });
    await h.login();
    const truth = await truthOf(h);
    const before = (await h.admin('GET', '/clock')).epochMs as number;
    // Six 429s in a row on the earned-trophies route: more than the client's three retries.
    await h.admin('POST', '/faults', { kind: 'rate-limit', route: 'trophy.userTrophies', count: 6, retryAfterSeconds: 120 });
    const started = Date.now();
    const result = await h.run(['export']);
    expect(result.code).toBe(0);
    expect(sorted(fromJsonExport(result.stdout).trophies)).toEqual(sorted(truth.trophies));
    // It waited: about six times two minutes passed on the simulator's clock, in far less real time.
    const after = (await h.admin('GET', '/clock')).epochMs as number;
    expect(after - before).toBeGreaterThanOrEqual(6 * 110_000);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(result.stderr).toMatch(/rate limit/);
    const counts = (await h.admin('GET', '/requests')) as Json;
    expect(counts.byStatus['429']).toBe(6);
  });

  it('keeps within the rate budget: a library needing more than 300 requests waits for the window, and Sony never answers 429', async () => {
    const h = await startHarness({ titles: 170, rateLimit: { limit: 300, windowMs: 900_000 } });
    await h.login();
    const before = (await h.admin('GET', '/clock')).epochMs as number;
    const result = await h.run(['export', '--format', 'csv']);
    expect(result.code).toBe(0);
    const counts = (await h.admin('GET', '/requests')) as Json;
    expect(counts.byStatus['429']).toBeUndefined();
    expect(counts.byRoute['trophy.userTrophies']).toBeGreaterThanOrEqual(170);
    // More than 300 requests in all, so the budget made it wait for the 15-minute window (on the simulator's clock).
    expect(counts.total).toBeGreaterThan(300);
    expect(((await h.admin('GET', '/clock')).epochMs as number) - before).toBeGreaterThanOrEqual(10 * 60_000);
    expect(result.stderr).toMatch(/waiting \d+ s for the rate budget/);
    const titles = new Set(
      result.stdout
        .split('\r\n')
        .slice(1, -1)
        .map((line) => line.split(',')[0]),
    );
    expect(titles.size).toBeGreaterThanOrEqual(170);
  });

  it('a rate limit that outlasts every wait exits 4 and says how to continue', async () => {
    const h = await startHarness({ titles: 6 });
    await h.login();
    // Sony answers 429 to every earned-trophies request, however long the export waits.
    await h.admin('POST', '/faults', { kind: 'rate-limit', route: 'trophy.userTrophies', retryAfterSeconds: 60 });
    const result = await h.run(['export']);
    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(/rate limit.*run the same command again to continue/);
  });

  it('Ctrl-C stops it (exit 130); the next run continues where it stopped and the output is complete', async () => {
    const h = await startHarness({ titles: 24 });
    await h.login();
    const truth = await truthOf(h);
    // Slow each title down so there is time to interrupt halfway.
    await h.admin('POST', '/faults', { kind: 'latency', route: 'trophy.userTrophies', latencyMs: 120 });
    await h.admin('DELETE', '/requests');
    const progress = join(h.configDir, 'export', 'progress.jsonl');
    const savedLines = () => (existsSync(progress) ? readFileSync(progress, 'utf8').split('\n').filter(Boolean).length - 1 : 0);
    const out = join(h.configDir, 'library.json');
    const first = await h.run(['export', '--out', out], {
      onSpawn: (child) => {
        void until(() => savedLines() >= 5).then(() => child.kill('SIGINT'));
      },
    });
    expect(first.code).toBe(130);
    expect(first.stderr).toMatch(/Interrupted\. \d+ of \d+ titles are saved; run the same command again to continue\./);
    expect(existsSync(out)).toBe(false); // never a half-written file
    const saved = savedLines();
    expect(saved).toBeGreaterThanOrEqual(5);
    expect(saved).toBeLessThan(truth.titles.length);
    // Nothing secret in the resume state.
    const state = readFileSync(progress, 'utf8');
    expect(state).not.toContain(h.npsso);
    expect(state).not.toMatch(/eyJ|accessToken|refreshToken/);

    await h.admin('DELETE', '/faults');
    // The request cut off by Ctrl-C still finishes on the simulator's side (after its latency): let it, then count afresh.
    await new Promise((resolve) => setTimeout(resolve, 300));
    await h.admin('DELETE', '/requests');
    const second = await h.run(['export', '--out', out]);
    expect(second.code).toBe(0);
    // Only the titles not saved before were fetched again.
    const counts = (await h.admin('GET', '/requests')) as Json;
    expect(counts.byRoute['trophy.userTrophies']).toBe(truth.titles.length - saved);
    const fromJson = fromJsonExport(readFileSync(out, 'utf8'));
    expect(fromJson.titles.map((t) => t.npCommunicationId)).toEqual(truth.titles.map((t) => t.npCommunicationId));
    expect(sorted(fromJson.trophies)).toEqual(sorted(truth.trophies));
    expectNoSecrets(h);
  });

  it('a title that changed since the interruption is fetched again, not reused stale', async () => {
    const h = await startHarness({ titles: 10 });
    await h.login();
    await h.admin('POST', '/faults', { kind: 'latency', route: 'trophy.userTrophies', latencyMs: 100 });
    const progress = join(h.configDir, 'export', 'progress.jsonl');
    const savedLines = () => (existsSync(progress) ? readFileSync(progress, 'utf8').split('\n').filter(Boolean).length - 1 : 0);
    const first = await h.run(['export'], { onSpawn: (child) => void until(() => savedLines() >= 3).then(() => child.kill('SIGINT')) });
    expect(first.code).toBe(130);
    await h.admin('DELETE', '/faults');
    // Earn a trophy in the first saved title.
    const savedTitle = JSON.parse(readFileSync(progress, 'utf8').split('\n')[1] as string);
    const unearned = savedTitle.trophies.find((t: Json) => !t.earned && t.type !== 'platinum');
    expect(unearned).toBeDefined();
    await h.admin('POST', `/accounts/${h.sim.credentialsOf(0).accountId}/trophies`, { npCommunicationId: savedTitle.npCommunicationId, trophyId: unearned.id });
    const truth = await truthOf(h);
    const second = await h.run(['export']);
    expect(second.code).toBe(0);
    expect(sorted(fromJsonExport(second.stdout).trophies)).toEqual(sorted(truth.trophies));
  });
});
