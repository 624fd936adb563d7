import { defineConfig } from 'vitest/config';

// `.ci/run` first proves that a failing test fails the run: with TROPHYROOM_CANARY=1 this same
// config runs only the deliberately failing tests in .ci/canary/.
const canary = process.env.TROPHYROOM_CANARY === '1';

export default defineConfig({
  test: {
    include: canary ? ['.ci/canary/*.canary.ts'] : ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts'],
    // One real PostgreSQL server for the run; server tests create a database each on it.
    globalSetup: ['packages/server/test/global-setup.ts'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    reporters: ['default'],
  },
});
