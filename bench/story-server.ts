/**
 * The server of `library-story.ts`, run built (the parent bundles this file as `npm run build`
 * bundles the CLI): on a clock that moves only when it waits. Every wait of its PSN client moves
 * this clock and the simulator's to the end of the wait; the parent moves both by messages.
 * Usage: node story-server.mjs <dataDir> <simUrl> <epochMs> <leaseMs>; prints its URL.
 * @module
 */
import { startServer } from '../packages/server/src/main.ts';

export type ToStoryServer = { type: 'advance'; ms: number };
export type FromStoryServer = { type: 'advanced'; now: number };

// No scheduled daily sync in the middle (29 February): the story's syncs are started by the benchmark.
const NO_CRON = '0 3 29 2 *';

const [dataDir, simUrl, epoch, lease] = process.argv.slice(2) as [string, string, string, string];
let now = Number(epoch);
let chain: Promise<void> = Promise.resolve();
/** Moves this clock and the simulator's to `target` (never back); advances run one at a time. */
const advanceTo = (target: number) => {
  chain = chain.then(async () => {
    if (target <= now) return;
    const res = await fetch(`${simUrl}/__sim/clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ advanceMs: target - now }),
    });
    if (!res.ok) throw new Error(`the simulator's clock: ${res.status} ${await res.text()}`);
    // The simulator moves first: a request sent after this wait finds Sony's window moved too.
    now = target;
  });
  return chain;
};
const server = await startServer({
  port: 0,
  dataDir,
  psnBaseUrl: simUrl,
  now: () => now,
  psnOptions: { sleep: (ms: number) => advanceTo(now + ms) },
  workerPollMs: 50,
  // Longer than any virtual run: a lease renewed in real time cannot follow a clock that jumps hours at once.
  workerLeaseMs: Number(lease),
  // A run's heartbeat (real time) must come before 2 virtual minutes pass, or the sweep calls it interrupted.
  runHeartbeatMs: 25,
  eventPollMs: 200,
  syncCron: NO_CRON,
  logLevel: 'warn',
  env: {},
});
process.on('message', (message: ToStoryServer) => {
  if (message.type === 'advance') void advanceTo(now + message.ms).then(() => process.send?.({ type: 'advanced', now } satisfies FromStoryServer));
});
process.stdout.write(`${server.url}\n`);
