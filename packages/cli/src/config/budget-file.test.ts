import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, onTestFinished } from 'vitest';
import { FileBudgetStore } from './budget-file.ts';

function tempBudget(): string {
  const dir = mkdtempSync(join(tmpdir(), 'trophyroom-budget-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return join(dir, 'budget.json');
}

const timesIn = (path: string, key: string): number[] => (JSON.parse(readFileSync(path, 'utf8')) as Record<string, { times: number[] }>)[key]?.times ?? [];

/** Another `trophyroom` process: takes `count` requests for key `k` from the store at `path`. */
function takeInChild(path: string, count: number, first: number): Promise<number | null> {
  const store = fileURLToPath(new URL('./budget-file.ts', import.meta.url));
  const code = `const { FileBudgetStore } = await import(${JSON.stringify(store)});
const store = new FileBudgetStore(${JSON.stringify(path)});
for (let i = 0; i < ${count}; i++) if (!store.take('k', ${first} + i, 10_000, 3_600_000).ok) process.exit(3);`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { stdio: 'inherit' });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', resolve);
  });
}

describe('FileBudgetStore', () => {
  it('remembers the window across processes (instances) and honours a block', () => {
    const path = tempBudget();
    const first = new FileBudgetStore(path);
    expect(first.take('k', 1000, 2, 10_000)).toEqual({ ok: true });
    expect(first.take('k', 2000, 2, 10_000)).toEqual({ ok: true });
    const second = new FileBudgetStore(path);
    expect(second.take('k', 3000, 2, 10_000)).toEqual({ ok: false, retryAt: 11_000 });
    expect(second.remaining('k', 3000, 2, 10_000)).toBe(0);
    expect(second.take('k', 11_001, 2, 10_000)).toEqual({ ok: true });
    second.block('k', 50_000);
    expect(new FileBudgetStore(path).take('k', 20_000, 2, 10_000)).toEqual({ ok: false, retryAt: 50_000 });
  });

  it('runs side by side share one window: each take sees the others', () => {
    const path = tempBudget();
    const a = new FileBudgetStore(path);
    const b = new FileBudgetStore(path);
    expect(a.take('k', 1000, 3, 10_000)).toEqual({ ok: true });
    expect(b.take('k', 1001, 3, 10_000)).toEqual({ ok: true });
    expect(a.remaining('k', 1002, 3, 10_000)).toBe(1);
    expect(a.take('k', 1002, 3, 10_000)).toEqual({ ok: true });
    expect(b.take('k', 1003, 3, 10_000)).toEqual({ ok: false, retryAt: 11_000 });
    expect(timesIn(path, 'k')).toEqual([1000, 1001, 1002]);
    b.block('other', 5000);
    expect(a.take('other', 1004, 3, 10_000)).toEqual({ ok: false, retryAt: 5000 });
    expect(timesIn(path, 'k')).toHaveLength(3);
  });

  it('parallel processes lose none of each other’s requests', { timeout: 30_000 }, async () => {
    const path = tempBudget();
    const codes = await Promise.all([0, 1, 2, 3].map((i) => takeInChild(path, 40, 1_000_000 * (i + 1))));
    expect(codes).toEqual([0, 0, 0, 0]);
    expect(timesIn(path, 'k')).toHaveLength(160);
  });

  it('takes over a lock left by a process that died holding it', () => {
    const path = tempBudget();
    const lock = `${path}.lock`;
    writeFileSync(lock, '');
    const old = (Date.now() - 60_000) / 1000;
    utimesSync(lock, old, old);
    expect(new FileBudgetStore(path).take('k', 1000, 2, 10_000)).toEqual({ ok: true });
    expect(() => readFileSync(lock)).toThrow(/ENOENT/);
  });
});
