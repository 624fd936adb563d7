/**
 * `trophyroom migrate --from <sqlite> --to postgres://…`: moves an instance from SQLite to
 * PostgreSQL (every table copied in one transaction, row counts checked), the step before running
 * web and worker processes apart.
 * @module
 */
import type { Command } from '../command.ts';
import { UsageError } from '../errors/cli-error.ts';
import { EXIT } from '../errors/exit-codes.ts';

export const migrate: Command = {
  name: 'migrate',
  summary: 'copy an instance from SQLite to PostgreSQL (to scale out)',
  help: `Usage: trophyroom migrate --from <sqlite file> --to <postgres://…>

Copies every table of a SQLite instance (users, sessions, tokens, connections, titles, trophies,
jobs, sync runs, rate budget) into an empty PostgreSQL database, in one transaction, and checks
every table's row count. Stop the server first; the SQLite file is only read. Keep the same vault
key (TROPHYROOM_SECRET_KEY, or the data directory's vault.key): PSN tokens stay encrypted with it.

Options:
  --from PATH   the SQLite file (e.g. ./data/trophyroom.db; sqlite:PATH also works)
  --to URL      the PostgreSQL database (postgres://user:password@host/db), empty

Examples:
  trophyroom migrate --from ./data/trophyroom.db --to postgres://trophyroom@db/trophyroom
  TROPHYROOM_DATABASE_URL=postgres://trophyroom@db/trophyroom trophyroom serve --role web
`,
  options: { from: { type: 'string' }, to: { type: 'string' } },
  async run({ values }, { out, global }) {
    const from = typeof values.from === 'string' ? values.from : undefined;
    const to = typeof values.to === 'string' ? values.to : undefined;
    if (!from || !to) throw new UsageError('migrate needs --from <sqlite file> and --to <postgres://…>.');
    const { copyStore, CopyStoreError } = await import('@trophyroom/server');
    let counts: Record<string, number>;
    try {
      counts = await copyStore({ from, to, onTable: (table, rows) => out.note(`${table}: ${rows} rows`) });
    } catch (error) {
      if (error instanceof CopyStoreError) throw new UsageError(error.message);
      throw error;
    }
    const rows = Object.entries(counts).map(([table, n]) => ({ table, rows: n }));
    if (global.json) out.printJson(counts);
    else
      out.table(rows, [
        { header: 'table', value: (r) => r.table },
        { header: 'rows', value: (r) => r.rows },
      ]);
    out.note(`Copied ${rows.reduce((a, r) => a + r.rows, 0)} rows. Point TROPHYROOM_DATABASE_URL at ${to.replace(/\/\/[^@/]*@/, '//…@')} to use it.`);
    return EXIT.ok;
  },
};
