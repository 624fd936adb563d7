/**
 * `trophyroom library export|import`: a Trophyroom server's library through its API (with a
 * personal API token), not Sony's: export the whole library as the server keeps it (JSON to
 * import back, or CSV), and import a JSON export into an empty library of another server or user.
 * Unlike `trophyroom export`, which walks Sony's API itself, this spends no PSN request.
 * @module
 */
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import type { Command, CommandArgs, CommandContext } from '../command.ts';
import { UsageError } from '../errors/cli-error.ts';
import { EXIT } from '../errors/exit-codes.ts';
import { call, target } from '../server/server-api.ts';

const usage = `Usage: trophyroom library export [--format json|csv] [--out FILE] --server URL
       trophyroom library import FILE --server URL

Reads or writes the library a Trophyroom server keeps, through its API with a personal API
token (Settings → API tokens, or POST /api/tokens): no request goes to PlayStation.

  export   the whole library — every title, its trophies, earned dates, rarity and the history
           marks (titles gone from PSN, counts that dropped). JSON can be imported back; CSV is
           one row per trophy, for spreadsheets.
  import   a JSON export into the library of the token's user, which must be empty (a new
           account or another server). The file is checked whole first: a bad file changes
           nothing and the error says what is wrong.

Options:
  --server URL        the Trophyroom server (TROPHYROOM_SERVER), e.g. http://127.0.0.1:3000
  --token TOKEN       a personal API token, trp_… (prefer TROPHYROOM_TOKEN: a flag shows in ps)
  --format json|csv   export format                                   [default: json]
  --out FILE          export to FILE (complete or not at all) instead of stdout

Examples:
  export TROPHYROOM_TOKEN=trp_…
  trophyroom library export --server http://127.0.0.1:3000 --out library.json
  trophyroom library export --server http://127.0.0.1:3000 --format csv > trophies.csv
  trophyroom library import library.json --server https://trophies.example
`;

async function runExport({ values }: CommandArgs, context: CommandContext): Promise<number> {
  const format = (values.format as string | undefined) ?? 'json';
  if (format !== 'json' && format !== 'csv') throw new UsageError(`--format must be json or csv, got "${format}".`);
  const { server, token } = target(values, context.io.env);
  const response = await call(server, token, format === 'csv' ? '/api/library/export.csv' : '/api/library/export', {}, context.signal);
  const text = await response.text();
  const out = values.out as string | undefined;
  if (out) {
    // Complete or not at all: written aside, then renamed.
    writeFileSync(`${out}.partial`, text);
    try {
      renameSync(`${out}.partial`, out);
    } catch (error) {
      rmSync(`${out}.partial`, { force: true });
      throw error;
    }
    if (context.io.stderr.isTTY) context.out.note(`Exported the library to ${out}.`);
  } else context.io.stdout.write(text);
  return EXIT.ok;
}

async function runImport({ values, positionals }: CommandArgs, context: CommandContext): Promise<number> {
  const file = positionals[1];
  if (!file) throw new UsageError('Which file? trophyroom library import FILE --server URL');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new UsageError(`Cannot read ${file}.`);
  }
  try {
    JSON.parse(text);
  } catch {
    throw new UsageError(`${file} is not JSON: import reads a JSON export (trophyroom library export --format json). Nothing was imported.`);
  }
  const { server, token } = target(values, context.io.env);
  const response = await call(
    server,
    token,
    '/api/library/import',
    { method: 'POST', body: text, headers: { 'content-type': 'application/json' } },
    context.signal,
  );
  const done = (await response.json()) as { titles: number; trophies: number };
  if (context.global.json) context.io.stdout.write(`${JSON.stringify(done)}\n`);
  else context.io.stdout.write(`Imported ${done.titles} titles with ${done.trophies} trophy states into ${server}.\n`);
  return EXIT.ok;
}

export const library: Command = {
  name: 'library',
  summary: "a Trophyroom server's library through its API: export (JSON, CSV) or import into an empty one",
  help: usage,
  options: { server: { type: 'string' }, token: { type: 'string' }, format: { type: 'string' }, out: { type: 'string', short: 'o' } },
  async run(args, context) {
    const verb = args.positionals[0];
    if (verb === 'export') return runExport(args, context);
    if (verb === 'import') return runImport(args, context);
    throw new UsageError(
      verb ? `Unknown: trophyroom library ${verb}. Use export or import.` : 'trophyroom library export|import — see trophyroom library --help.',
    );
  },
};
