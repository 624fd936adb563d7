// CI's canary: a suite that cannot even load must fail the run.
import { it } from 'vitest';

function load(): void {
  throw new Error('a suite that fails to start on purpose');
}

load();

it('is never collected', () => {});
