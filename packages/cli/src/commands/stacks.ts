/**
 * `trophyroom stacks`: the stacks a Trophyroom server found in your library (one game's PS3, PS4,
 * PS5 and Vita lists, matched by their trophy sets), through its API with a personal API token;
 * split a wrong one, or join lists by hand.
 * @module
 */
import type { Command, CommandArgs, CommandContext } from '../command.ts';
import { UsageError } from '../errors/cli-error.ts';
import { EXIT } from '../errors/exit-codes.ts';
import { positiveInt } from '../input/positive-int.ts';
import { call, target } from '../server/server-api.ts';

interface Counts {
  bronze: number;
  silver: number;
  gold: number;
  platinum: number;
}
interface Version {
  npCommunicationId: string;
  name: string;
  platforms: string[];
  progress: number;
  earned: Counts;
  defined: Counts;
  platinumEarned: boolean;
}
interface Stack {
  id: string;
  name: string;
  joinedByHand: boolean;
  versions: Version[];
}

const usage = `Usage: trophyroom stacks [list] [--limit N] --server URL
       trophyroom stacks split NPWR… --server URL
       trophyroom stacks join NPWR… NPWR… [NPWR…] --server URL

The PS3, PS4, PS5 and Vita lists of one game are separate trophy lists; a Trophyroom server
stacks them when their trophy sets match (names, counts and grades — never the name alone, so a
remaster with a new list stays apart). Read through the server's API with a personal API token
(Settings → API tokens): no request goes to PlayStation.

  list    every stack with its versions, one row per version with its progress (the default)
  split   take a list out of its stack (a wrong match); it stays apart from then on
  join    stack lists together by hand (and what they stack with now); unknown ids are
          refused, naming them, and nothing changes

Options:
  --server URL   the Trophyroom server (TROPHYROOM_SERVER), e.g. http://127.0.0.1:3000
  --token TOKEN  a personal API token, trp_… (prefer TROPHYROOM_TOKEN: a flag shows in ps)
  --limit N      at most N stacks                                        [default: all]
  --json         the API's JSON: {items: [{id, name, joinedByHand, versions: [...]}], total}

Examples:
  trophyroom stacks --server http://127.0.0.1:3000
  trophyroom stacks split NPWR30082_00 --server http://127.0.0.1:3000
  trophyroom stacks join NPWR30081_00 NPWR30082_00 --server http://127.0.0.1:3000
  trophyroom stacks --json --server http://127.0.0.1:3000 | jq '.items[].versions | length'
`;

const trophiesText = (v: Version) =>
  `${v.earned.platinum}/${v.defined.platinum}P ${v.earned.gold}/${v.defined.gold}G ${v.earned.silver}/${v.defined.silver}S ${v.earned.bronze}/${v.defined.bronze}B`;

function print(stacks: Stack[], context: CommandContext): void {
  const rows = stacks.flatMap((s) => s.versions.map((v, i) => ({ stack: s, v, first: i === 0 })));
  context.out.table(rows, [
    { header: 'Game', value: (r) => (r.first ? `${r.stack.name}${r.stack.joinedByHand ? ' (joined by hand)' : ''}` : '') },
    { header: 'Platform', value: (r) => r.v.platforms.join(',') },
    { header: 'Id', value: (r) => r.v.npCommunicationId },
    { header: 'Progress', value: (r) => `${r.v.progress}%`, align: 'right' },
    { header: 'Trophies', value: (r) => trophiesText(r.v) },
    { header: 'Platinum', value: (r) => (r.v.defined.platinum === 0 ? '–' : r.v.platinumEarned ? 'yes' : 'no') },
  ]);
}

async function list({ values }: CommandArgs, context: CommandContext): Promise<number> {
  const limit = positiveInt(values.limit, 'limit');
  const { server, token } = target(values, context.io.env);
  const items: Stack[] = [];
  let total = 0;
  let offset: number | null = 0;
  while (offset !== null && (limit === undefined || items.length < limit)) {
    const page = (await (await call(server, token, `/api/stacks?limit=100&offset=${offset}`, {}, context.signal)).json()) as {
      items: Stack[];
      total: number;
      nextOffset: number | null;
    };
    items.push(...page.items);
    total = page.total;
    offset = page.nextOffset;
  }
  const shown = limit === undefined ? items : items.slice(0, limit);
  if (context.out.json) {
    context.out.printJson({ items: shown, total });
    return EXIT.ok;
  }
  if (shown.length === 0) {
    context.io.stdout.write('No stacks: no two lists of your library share a trophy set (import more games, or join lists by hand).\n');
    return EXIT.ok;
  }
  print(shown, context);
  return EXIT.ok;
}

async function change(path: string, body: unknown, args: CommandArgs, context: CommandContext): Promise<number> {
  const { server, token } = target(args.values, context.io.env);
  const init = { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } };
  const { stack } = (await (await call(server, token, path, init, context.signal)).json()) as { stack: Stack | null };
  if (context.out.json) context.out.printJson({ stack });
  else if (stack) print([stack], context);
  else context.io.stdout.write('Split off: it stands alone now.\n');
  return EXIT.ok;
}

export const stacks: Command = {
  name: 'stacks',
  summary: "a Trophyroom server's stacks (one game's PS3/PS4/PS5/Vita lists): list, split, join",
  help: usage,
  options: { server: { type: 'string' }, token: { type: 'string' }, limit: { type: 'string' } },
  async run(args, context) {
    const [verb = 'list', ...ids] = args.positionals;
    if (verb === 'list') return list(args, context);
    if (verb === 'split') {
      if (ids.length !== 1) throw new UsageError('Split one list: trophyroom stacks split NPWR12345_00 --server URL');
      return change('/api/stacks/split', { npCommunicationId: ids[0] }, args, context);
    }
    if (verb === 'join') {
      if (ids.length < 2) throw new UsageError('Join two lists or more: trophyroom stacks join NPWR12345_00 NPWR12346_00 --server URL');
      return change('/api/stacks/join', { npCommunicationIds: ids }, args, context);
    }
    throw new UsageError(`Unknown: trophyroom stacks ${verb}. Use list, split or join.`);
  },
};
