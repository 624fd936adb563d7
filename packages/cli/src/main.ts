/**
 * The process behind `bin/trophyroom.js`: real streams and environment, Ctrl-C turned into an
 * abort (a second Ctrl-C leaves at once), and the exit code.
 * @module
 */
import { runCli } from './cli.ts';
import { EXIT } from './errors/exit-codes.ts';

const controller = new AbortController();
let interrupts = 0;
const interrupt = () => {
  interrupts += 1;
  if (interrupts > 1) process.exit(EXIT.interrupted);
  controller.abort(new DOMException('Interrupted', 'AbortError'));
};
process.on('SIGINT', interrupt);
process.on('SIGTERM', interrupt);
// A closed pipe (`trophyroom titles | head`) is not an error worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(EXIT.ok);
});

const code = await runCli(process.argv.slice(2), { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env }, controller.signal);
process.exitCode = code;
