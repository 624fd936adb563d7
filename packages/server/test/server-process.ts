/**
 * `trophyroom serve` in a process of its own, for the tests and the soak that kill it (SIGKILL)
 * and start it again on the same data. Prints `listening <url>` once it serves.
 * Usage: node --conditions=development --import tsx server-process.ts '<StartOptions as JSON>'
 */
import { type StartOptions, startServer } from '../src/main.ts';

const options = JSON.parse(process.argv[2] ?? '{}') as StartOptions;
const server = await startServer({ port: 0, logLevel: 'warn', env: {}, ...options });
process.stdout.write(`listening ${server.url ?? '-'}\n`);
process.once('SIGTERM', () => {
  void server.close().then(() => process.exit(0));
});
