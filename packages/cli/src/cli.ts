/**
 * The dispatcher: finds the command, parses the global options and the command's own with
 * `node:util` parseArgs, answers `--help`, runs the command and turns any error into one line on
 * stderr and an exit code.
 * @module
 */
import { parseArgs } from 'node:util';
import type { Command, CommandContext, GlobalOptions, Io, OptionSpecs } from './command.ts';
import { commands } from './commands/registry.ts';
import { CliError, UsageError } from './errors/cli-error.ts';
import { EXIT, EXIT_CODES_HELP, exitCodeOf, isAbort, messageOf } from './errors/exit-codes.ts';
import { Output } from './output/output.ts';

export const VERSION = '0.1.0';

export const GLOBAL_OPTIONS = {
  json: { type: 'boolean' },
  'base-url': { type: 'string' },
  'no-color': { type: 'boolean' },
  'sim-clock': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} satisfies OptionSpecs;

export const GLOBAL_HELP = `Global options:
  --json              JSON on stdout for scripts, instead of tables
  --base-url URL      one origin for every Sony host, e.g. a psn-sim simulator (env TROPHYROOM_PSN_BASE_URL)
  --no-color          no colours (also when NO_COLOR is set, or output is not a terminal)
  --sim-clock         with a simulator: follow its virtual clock; waits move it instead of sleeping (env TROPHYROOM_SIM_CLOCK=1)
  -h, --help          help for the command`;

export function mainHelp(list: readonly Command[] = commands): string {
  const width = Math.max(...list.map((c) => c.name.length));
  return `trophyroom — your PlayStation trophies from the terminal

Usage: trophyroom <command> [options]

Commands:
${list.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n')}

${GLOBAL_HELP}
  --version           print the version

Examples:
  trophyroom login                     paste your NPSSO (input hidden)
  trophyroom titles
  trophyroom trophies "RESIDENT EVIL 5"
  trophyroom export --format csv --out trophies.csv
  trophyroom titles --json | jq '.[0]'

Config and tokens live in $TROPHYROOM_CONFIG_DIR, else $XDG_CONFIG_HOME/trophyroom, else ~/.config/trophyroom.
Run \`trophyroom <command> --help\` for a command's options and examples.

${EXIT_CODES_HELP}
`;
}

/** Normalises the base URL: an http(s) origin (and path) without a trailing slash. */
export function baseUrlOf(flag: string | undefined, env: NodeJS.ProcessEnv): string | undefined {
  const raw = flag ?? (env.TROPHYROOM_PSN_BASE_URL || undefined);
  if (raw === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(`--base-url must be a URL such as http://127.0.0.1:4100, got "${raw}".`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`--base-url must be http or https, got "${raw}".`);
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}

/** Index of the command word: the first argument that is neither an option nor an option's value. */
function commandIndex(argv: readonly string[]): number {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') return i + 1 < argv.length ? i + 1 : -1;
    if (arg === '--base-url') {
      i++;
      continue;
    }
    if (!arg.startsWith('-')) return i;
  }
  return -1;
}

/** parseArgs' message up to its first sentence ("Unknown option '--x'."). */
function firstSentence(message: string): string {
  const first = message.split('\n')[0] ?? message;
  const end = first.indexOf('. ');
  return end < 0 ? first : first.slice(0, end + 1);
}

function suggest(name: string, list: readonly Command[]): string {
  const near = list.find((c) => c.name.startsWith(name.slice(0, 3)));
  return near ? ` Did you mean \`${near.name}\`?` : '';
}

/** Runs `trophyroom` with `argv` (without node and the script) and returns the exit code. */
export async function runCli(argv: readonly string[], io: Io, signal: AbortSignal, list: readonly Command[] = commands): Promise<number> {
  const early = new Output(io, { json: false, color: !argv.includes('--no-color') && undefined });
  try {
    const at = commandIndex(argv);
    if (at < 0) {
      if (argv.includes('--version')) {
        io.stdout.write(`trophyroom ${VERSION}\n`);
        return EXIT.ok;
      }
      if (argv.includes('--help') || argv.includes('-h') || argv.length === 0) {
        io.stdout.write(mainHelp(list));
        return EXIT.ok;
      }
      throw new UsageError('No command given. Run `trophyroom --help` for the list.');
    }
    const name = argv[at] as string;
    const command = list.find((c) => c.name === name);
    if (!command) {
      if (name === 'help') {
        const topic = list.find((c) => c.name === argv[at + 1]);
        io.stdout.write(topic ? topic.help : mainHelp(list));
        return EXIT.ok;
      }
      throw new UsageError(`Unknown command "${name}".${suggest(name, list)} Run \`trophyroom --help\` for the list.`);
    }
    const rest = [...argv.slice(0, at), ...argv.slice(at + 1)];
    if (command.passThrough) {
      const own = argv.slice(at + 1);
      const dashes = own.indexOf('--');
      const before = dashes < 0 ? own : own.slice(0, dashes);
      if (before.includes('--help') || before.includes('-h')) {
        io.stdout.write(command.help);
        return EXIT.ok;
      }
      const global: GlobalOptions = { json: false, baseUrl: undefined, color: !argv.includes('--no-color'), simClock: false };
      const out = new Output(io, { json: false, color: global.color ? undefined : false });
      const positionals = dashes < 0 ? own : [...before, ...own.slice(dashes + 1)];
      return (await command.run({ values: {}, positionals }, { io, global, signal, out })) ?? EXIT.ok;
    }
    let parsed: ReturnType<typeof parseArgs>;
    try {
      parsed = parseArgs({ args: rest, options: { ...GLOBAL_OPTIONS, ...command.options }, allowPositionals: true, strict: true });
    } catch (error) {
      throw new UsageError(`${firstSentence((error as Error).message)} Run \`trophyroom ${command.name} --help\`.`);
    }
    const values = parsed.values as Record<string, string | boolean | undefined>;
    if (values.help) {
      io.stdout.write(command.help);
      return EXIT.ok;
    }
    const global: GlobalOptions = {
      json: values.json === true,
      baseUrl: baseUrlOf(values['base-url'] as string | undefined, io.env),
      color: values['no-color'] !== true,
      simClock: values['sim-clock'] === true || !['', '0', undefined].includes(io.env.TROPHYROOM_SIM_CLOCK),
    };
    const out = new Output(io, { json: global.json, color: global.color ? undefined : false });
    const context: CommandContext = { io, global, signal, out };
    const code = await command.run({ values: parsed.values, positionals: parsed.positionals }, context);
    return code ?? EXIT.ok;
  } catch (error) {
    if (error instanceof CliError) {
      early.error(error.message);
      return error.exitCode;
    }
    if (signal.aborted || isAbort(error)) {
      early.error('Interrupted.');
      return EXIT.interrupted;
    }
    early.error(messageOf(error));
    return exitCodeOf(error);
  }
}
