/**
 * The shape of a `trophyroom` command: one module per verb, registered in `commands/registry.ts`.
 * The dispatcher parses the global options plus the command's own `options` with `node:util`
 * `parseArgs`, answers `--help` from `help`, and calls `run` with the parsed values and a context.
 * @module
 */
import type { ParseArgsConfig } from 'node:util';
import type { Output } from './output/output.ts';

/** Exactly what a command's `options` may declare (the `options` of `node:util` parseArgs). */
export type OptionSpecs = NonNullable<ParseArgsConfig['options']>;

/** The options every command understands; the dispatcher parses them before the command runs. */
export interface GlobalOptions {
  /** Print JSON for scripts instead of tables. */
  json: boolean;
  /** One origin for every Sony host (the simulator), from `--base-url` or `TROPHYROOM_PSN_BASE_URL`. */
  baseUrl: string | undefined;
  /** Colours on stdout/stderr (a TTY, no `NO_COLOR`, no `--no-color`). */
  color: boolean;
  /** Follow the simulator's virtual clock (`--sim-clock` or `TROPHYROOM_SIM_CLOCK=1`). */
  simClock: boolean;
}

/** Where a command reads and writes: the process's streams and environment, or a test's. */
export interface Io {
  stdin: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (mode: boolean) => unknown };
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  env: NodeJS.ProcessEnv;
}

export interface CommandContext {
  io: Io;
  global: GlobalOptions;
  /** Aborted on Ctrl-C (SIGINT) or SIGTERM: pass it to every call and wait. */
  signal: AbortSignal;
  /** Tables, JSON, notes and colours, honouring `--json` and the TTY. */
  out: Output;
}

export interface CommandArgs {
  /** Parsed option values, global ones included (`json`, `base-url`, …). */
  values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  positionals: string[];
}

export interface Command {
  /** The verb: `trophyroom <name>`. */
  name: string;
  /** One line for `trophyroom --help`. */
  summary: string;
  /** The whole `trophyroom <name> --help` text: usage, options, examples. */
  help: string;
  /** The command's own options (parseArgs shape); the global ones are added by the dispatcher. */
  options?: OptionSpecs;
  /** Hand every argument after the verb to `run` as positionals, unparsed (a wrapped command line). */
  passThrough?: boolean;
  /** Runs the command; resolves to the exit code (0 when undefined). Throw `UsageError` for bad input. */
  run(args: CommandArgs, context: CommandContext): Promise<number | undefined>;
}
