/**
 * `trophyroom sim`: starts the PSN simulator by running psn-sim's own command line with the same
 * arguments, so its options and help stay in one place.
 * @module
 */
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from '../command.ts';
import { EXIT } from '../errors/exit-codes.ts';

/** psn-sim's bin, found through the package (its `src/index.ts` sits beside `bin/`). */
export function simBin(): string {
  return join(dirname(dirname(fileURLToPath(import.meta.resolve('psn-sim')))), 'bin', 'psn-sim.js');
}

export const sim: Command = {
  name: 'sim',
  summary: "start the offline PSN simulator (psn-sim's options)",
  help: `Usage: trophyroom sim [psn-sim options]

Starts the offline PSN simulator on 127.0.0.1: every Sony path on one origin, generated accounts
and libraries, NPSSOs to log in with. Takes psn-sim's options (\`trophyroom sim -- --help\`).
Point the other commands at it with --base-url or TROPHYROOM_PSN_BASE_URL. Ctrl-C stops it.

Examples:
  trophyroom sim --port 4100 --demo
  trophyroom sim --port 0 --seed 42 --json
  export TROPHYROOM_PSN_BASE_URL=http://127.0.0.1:4100
  curl -s $TROPHYROOM_PSN_BASE_URL/api/v1/ssocookie | trophyroom login --npsso-stdin
`,
  // Everything after `sim` belongs to psn-sim; the dispatcher hands it over unparsed.
  passThrough: true,
  async run({ positionals }, context) {
    const child = spawn(process.execPath, [simBin(), ...positionals], { stdio: ['ignore', 'inherit', 'inherit'], env: context.io.env });
    const onAbort = () => child.kill('SIGINT');
    context.signal.addEventListener('abort', onAbort, { once: true });
    const code = await new Promise<number>((resolve) => {
      child.on('exit', (exitCode, signal) => resolve(exitCode ?? (signal ? EXIT.interrupted : EXIT.unexpected)));
      child.on('error', () => resolve(EXIT.unexpected));
    });
    context.signal.removeEventListener('abort', onAbort);
    return context.signal.aborted && code === 0 ? EXIT.ok : code;
  },
};
