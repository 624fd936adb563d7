// CI's canary: a red test must turn the run red. `.ci/run` expects exactly this file's second test to fail.
import { expect, it } from 'vitest';

it('passes', () => {
  expect(1).toBe(1);
});

it('fails on purpose', () => {
  expect(1).toBe(2);
});
