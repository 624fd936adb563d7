// CI's canary: a hook that throws must fail the run, not skip its tests quietly.
import { beforeAll, expect, it } from 'vitest';

beforeAll(() => {
  throw new Error('a hook that fails on purpose');
});

it('never runs because its hook failed', () => {
  expect(true).toBe(true);
});
