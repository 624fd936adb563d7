/**
 * `trophyroom runs`: a Trophyroom server's imports and syncs through its API (with a personal API
 * token): each run's progress and the time left at the PSN budget's pace, and pause, resume or
 * "this game first" for an import. Spends no PSN request itself.
 * @module
 */
import type { Command, CommandArgs, CommandContext } from '../command.ts';
import { UsageError } from '../errors/cli-error.ts';
import { EXIT } from '../errors/exit-codes.ts';
import { call, target } from '../server/server-api.ts';

const usage = `Usage: trophyroom runs [--limit N] --server URL
       trophyroom runs pause RUN_ID --server URL
       trophyroom runs resume RUN_ID --server URL
       trophyroom runs first RUN_ID NP_COMMUNICATION_ID... --server URL

The imports and syncs of a Trophyroom server (newest first): state, progress, the PSN requests
each still needs and the time left at the account's budget (about 300 requests per 15 minutes).
An import of a large library takes hours and goes on by itself, across restarts.

  pause    the import stops after the game it is on, keeping everything fetched
  resume   a paused import goes on where it stopped
  first    these games are fetched next ("this game first")

Options:
  --server URL   the Trophyroom server (TROPHYROOM_SERVER), e.g. http://127.0.0.1:3000
  --token TOKEN  a personal API token, trp_… (prefer TROPHYROOM_TOKEN: a flag shows in ps)
  --limit N      how many runs to list                                  [default: 10]

Examples:
  trophyroom runs --server http://127.0.0.1:3000
  trophyroom runs --json | jq '.items[0].estimatedSecondsLeft'
  trophyroom runs first 5b1c… NPWR10600_00 --server http://127.0.0.1:3000
`;

/** A run as the server's API answers it (the fields this command reads; `SyncRun` in the server's OpenAPI). */
interface Run {
  id: string;
  kind: string;
  state: string;
  done: number;
  total: number;
  finishedAt: string | null;
  remainingRequests: number;
  estimatedSecondsLeft: number | null;
  estimatedFinishAt: string | null;
  priority: string[];
}

/** The time left in words, as the web UI says it. */
export function timeLeft(run: Pick<Run, 'state' | 'estimatedSecondsLeft'>): string {
  if (run.state === 'paused') return 'paused';
  const s = run.estimatedSecondsLeft;
  if (s === null) return '—';
  if (s < 60) return '< 1 min';
  if (s < 3600) return `~${Math.round(s / 60)} min`;
  if (s < 48 * 3600) return `~${Math.round(s / 3600)} h`;
  return `~${Math.round(s / 86_400)} days`;
}

async function list({ values }: CommandArgs, context: CommandContext): Promise<number> {
  const limit = Number((values.limit as string | undefined) ?? 10);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw new UsageError(`--limit must be 1 to 100, got "${values.limit as string}".`);
  const { server, token } = target(values, context.io.env);
  const { items } = (await (await call(server, token, `/api/sync/runs?limit=${limit}`, {}, context.signal)).json()) as { items: Run[] };
  if (context.out.json) {
    context.out.printJson({ items });
    return EXIT.ok;
  }
  if (items.length === 0) {
    context.io.stdout.write('No imports or syncs yet.\n');
    return EXIT.ok;
  }
  context.out.table(items, [
    { header: 'Run', value: (r) => r.id },
    { header: 'Kind', value: (r) => r.kind },
    { header: 'State', value: (r) => r.state },
    { header: 'Done', value: (r) => `${r.done}/${r.total}`, align: 'right' },
    { header: 'Requests left', value: (r) => r.remainingRequests, align: 'right' },
    { header: 'Time left', value: (r) => timeLeft(r), align: 'right' },
    { header: 'Finishes', value: (r) => r.estimatedFinishAt ?? r.finishedAt ?? '' },
  ]);
  return EXIT.ok;
}

async function act({ values, positionals }: CommandArgs, context: CommandContext): Promise<number> {
  const [verb, id, ...games] = positionals;
  if (!id) throw new UsageError(`Which run? trophyroom runs ${verb} RUN_ID (the ids are in trophyroom runs).`);
  if (verb === 'first' && games.length === 0) throw new UsageError('Which games? trophyroom runs first RUN_ID NP_COMMUNICATION_ID...');
  const { server, token } = target(values, context.io.env);
  const path = `/api/sync/runs/${encodeURIComponent(id)}/${verb === 'first' ? 'priority' : verb}`;
  const init: RequestInit =
    verb === 'first'
      ? { method: 'POST', body: JSON.stringify({ npCommunicationIds: games }), headers: { 'content-type': 'application/json' } }
      : { method: 'POST' };
  const { run } = (await (await call(server, token, path, init, context.signal)).json()) as { run: Run };
  if (context.out.json) context.out.printJson({ run });
  else
    context.out.pairs([
      ['Run', run.id],
      ['State', run.state],
      ['Done', `${run.done}/${run.total}`],
      ['Time left', timeLeft(run)],
      ...(run.priority.length > 0 ? ([['First', run.priority.join(', ')]] as const) : []),
    ]);
  return EXIT.ok;
}

export const runs: Command = {
  name: 'runs',
  summary: "a Trophyroom server's imports and syncs: progress and time left; pause, resume, this game first",
  help: usage,
  options: { server: { type: 'string' }, token: { type: 'string' }, limit: { type: 'string' } },
  async run(args, context) {
    const verb = args.positionals[0];
    if (verb === undefined) return list(args, context);
    if (verb === 'pause' || verb === 'resume' || verb === 'first') return act(args, context);
    throw new UsageError(`Unknown: trophyroom runs ${verb}. Use pause, resume or first (or nothing, to list).`);
  },
};
