import { describe, expect, it } from 'vitest';
import { saveInTurn } from './save-in-turn.ts';

describe('saveInTurn', () => {
  it('keeps saving after a failed save, in order, and reports the failure once', async () => {
    const saved: number[] = [];
    const failures: unknown[] = [];
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const save = saveInTurn(
      async (n: number) => {
        if (n === 1) await gate;
        if (n === 2 || n === 3) throw new Error(`disk full ${n}`);
        saved.push(n);
      },
      (error) => failures.push(error),
    );
    const done = [save(1), save(2), save(3), save(4)];
    expect(saved).toEqual([]);
    release();
    await expect(Promise.all(done)).resolves.toEqual([undefined, undefined, undefined, undefined]);
    expect(saved).toEqual([1, 4]);
    expect(failures).toHaveLength(1);
    expect((failures[0] as Error).message).toBe('disk full 2');
  });
});
