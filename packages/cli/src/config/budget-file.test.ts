import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { FileBudgetStore } from './budget-file.ts';

describe('FileBudgetStore', () => {
  it('remembers the window across processes (instances) and honours a block', () => {
    const dir = mkdtempSync(join(tmpdir(), 'trophyroom-budget-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const path = join(dir, 'budget.json');
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
});
