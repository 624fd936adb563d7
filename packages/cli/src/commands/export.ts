/**
 * `trophyroom export`: the whole library — every title, every trophy, earned dates, rarity — as
 * JSON or CSV. Resumable (see `export/export-state.ts`), within the rate budget, with a progress
 * bar on a terminal and none in a pipe.
 * @module
 */
import { accessSync, closeSync, constants, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { TrophyTitle } from '@trophyroom/psn';
import type { Command, CommandContext } from '../command.ts';
import { configDir } from '../config/config-dir.ts';
import { CliError, UsageError } from '../errors/cli-error.ts';
import { EXIT, exitCodeOf, isAbort, messageOf } from '../errors/exit-codes.ts';
import { CSV_HEADER, csvLine, titleToCsv } from '../export/csv.ts';
import { type ExportedTitle, toExportedTitle } from '../export/export-record.ts';
import { ExportState } from '../export/export-state.ts';
import { ProgressBar } from '../output/progress.ts';
import { openSession } from '../psn/session.ts';

/** Rate-limit failures of one title in a row before the export stops (exit 4, resumable). */
const MAX_RATE_LIMIT_ROUNDS = 10;
/** Waits at least this long are mentioned on stderr even without a progress bar. */
const LONG_WAIT_MS = 10_000;

type Sink = { write(text: string): Promise<void>; finish(): Promise<void>; abandon(): void };

function streamSink(stream: NodeJS.WritableStream): Pick<Sink, 'write'> {
  return {
    write: (text) =>
      new Promise((done, fail) => {
        if (stream.write(text)) return done();
        const onDrain = () => {
          stream.removeListener('error', onError);
          done();
        };
        const onError = (error: unknown) => {
          stream.removeListener('drain', onDrain);
          fail(error);
        };
        stream.once('drain', onDrain);
        stream.once('error', onError);
      }),
  };
}

/** Checks before any request that `--out` can be written: its folder exists and is writable. */
function checkOut(out: string): string {
  const path = resolve(out);
  try {
    accessSync(dirname(path), constants.W_OK);
  } catch {
    throw new UsageError(`Cannot write ${out}: the folder ${dirname(path)} does not exist or is not writable.`);
  }
  return path;
}

/** Where the export goes: a file written under a temporary name and renamed when complete, or stdout. */
function openSink(context: CommandContext, path: string | undefined): Sink {
  if (!path) return { ...streamSink(context.io.stdout), finish: async () => {}, abandon: () => {} };
  const temp = `${path}.partial`;
  const fd = openSync(temp, 'w', 0o644);
  let open = true;
  const close = () => {
    if (open) closeSync(fd);
    open = false;
  };
  return {
    write: async (text) => {
      writeSync(fd, text);
    },
    finish: async () => {
      close();
      renameSync(temp, path);
    },
    abandon: () => {
      close();
      rmSync(temp, { force: true });
    },
  };
}

export const exportCommand: Command = {
  name: 'export',
  summary: 'the whole library with every trophy as JSON or CSV (resumable)',
  help: `Usage: trophyroom export [--format json|csv] [--out FILE] [--restart]

Exports every title in your trophy list with every trophy: type, name, description, whether and
when you earned it, and its rarity (percent of players, tier). JSON is one object
{exportedAt, account, titles:[…]}; CSV is one row per trophy.

A progress bar shows on a terminal (stderr), none in a pipe. The export keeps to the rate budget
(~300 requests per 15 minutes; it waits when Sony says so). Progress is saved in the config
directory as it goes: after Ctrl-C, a network failure or a rate limit, run the same command again
and it continues where it stopped. Nothing secret is saved with it.

Options:
  --format json|csv   output format                                   [default: json]
  --out FILE          write to FILE (complete or not at all) instead of stdout
  --restart           ignore saved progress and start from scratch

Examples:
  trophyroom export --out library.json
  trophyroom export --format csv --out trophies.csv
  trophyroom export --format csv | grep ',true,' | wc -l
`,
  options: { format: { type: 'string' }, out: { type: 'string', short: 'o' }, restart: { type: 'boolean' } },
  async run({ values }, context) {
    const format = (values.format as string | undefined) ?? 'json';
    if (format !== 'json' && format !== 'csv') throw new UsageError(`--format must be json or csv, got "${format}".`);
    const outPath = values.out as string | undefined;
    const outFile = outPath === undefined ? undefined : checkOut(outPath);
    const { io, signal } = context;
    const bar = new ProgressBar(io.stderr);
    const waiting = (text: string, waitMs: number) => {
      // On a terminal the bar says it; in a pipe only a long wait earns a line, so a silent pause is explained.
      if (bar.enabled) bar.notice(text);
      else if (waitMs >= LONG_WAIT_MS) context.out.note(`trophyroom: ${text}`);
    };
    const session = await openSession(context, {
      onRateLimit: (info) => {
        waiting(`waiting ${Math.ceil(info.waitMs / 1000)} s for ${info.reason === 'server' ? "Sony's rate limit" : 'the rate budget'}…`, info.waitMs);
        return undefined;
      },
    });
    const { psn, login, runtime } = session;
    const dir = configDir(io.env);
    const started = runtime.clock.now();
    if (values.restart) ExportState.discard(dir);
    const state = new ExportState(dir, { accountId: login.account.accountId, baseUrl: login.baseUrl }, started);

    const listed: TrophyTitle[] = await psn.trophies.allTitles({ signal }).all();
    const exported = new Map<string, ExportedTitle>();
    for (const t of listed) {
      const saved = state.current(t);
      if (saved) exported.set(t.npCommunicationId, saved);
    }
    if (state.resumed && exported.size > 0 && bar.enabled) context.out.note(`Resuming: ${exported.size} of ${listed.length} titles already exported.`);
    bar.start(listed.length, exported.size);
    try {
      for (const t of listed) {
        if (exported.has(t.npCommunicationId)) continue;
        const title = await fetchTitle(context, session, t, waiting);
        state.save(title);
        exported.set(t.npCommunicationId, title);
        bar.tick(t.trophyTitleName);
      }
    } catch (error) {
      bar.stop();
      const progress = `${state.savedCount} of ${listed.length} titles are saved; run the same command again to continue.`;
      if (signal.aborted || isAbort(error)) throw new CliError(`Interrupted. ${progress}`, EXIT.interrupted);
      const code = exitCodeOf(error);
      // Sony refusing or failing for now: say that the work done is kept.
      if (code === EXIT.rateLimited || code === EXIT.unavailable) throw new CliError(`${messageOf(error)} ${progress}`, code);
      throw error;
    }
    bar.stop();

    const sink = openSink(context, outFile);
    try {
      const titles = listed.map((t) => exported.get(t.npCommunicationId) as ExportedTitle);
      if (format === 'csv') {
        await sink.write(csvLine(CSV_HEADER));
        for (const title of titles) await sink.write(titleToCsv(title));
      } else {
        const head = { exportedAt: new Date(runtime.clock.now()).toISOString(), account: login.account, titleCount: titles.length };
        await sink.write(`${JSON.stringify(head, null, 2).slice(0, -2)},\n  "titles": [\n`);
        for (let i = 0; i < titles.length; i++) await sink.write(`    ${JSON.stringify(titles[i])}${i < titles.length - 1 ? ',' : ''}\n`);
        await sink.write('  ]\n}\n');
      }
      await sink.finish();
    } catch (error) {
      sink.abandon();
      throw error;
    }
    state.clear();
    if (io.stderr.isTTY) {
      const trophies = [...exported.values()].reduce((n, t) => n + t.trophies.length, 0);
      context.out.note(`Exported ${listed.length} titles, ${trophies} trophies${outPath ? ` to ${outPath}` : ''}.`);
    }
    return EXIT.ok;
  },
};

/** One title, merged; waits out rate limits that outlast the client's own retries. */
async function fetchTitle(
  context: CommandContext,
  session: Awaited<ReturnType<typeof openSession>>,
  listed: TrophyTitle,
  waiting: (text: string, waitMs: number) => void,
): Promise<ExportedTitle> {
  for (let round = 1; ; round++) {
    try {
      const merged = await session.psn.trophies.title(listed, { listed, signal: context.signal });
      return toExportedTitle(listed, merged);
    } catch (error) {
      const retryAt = (error as { retryAt?: Date }).retryAt;
      if ((error as { kind?: string }).kind !== 'rate_limited' || round >= MAX_RATE_LIMIT_ROUNDS || !retryAt) throw error;
      const waitMs = Math.max(1000, retryAt.getTime() - session.runtime.clock.now());
      waiting(`rate limited by Sony; waiting ${Math.ceil(waitMs / 1000)} s…`, waitMs);
      await session.runtime.sleep(waitMs, context.signal);
    }
  }
}
