/**
 * `trophyroom unobtainable list|flag|unflag|import`: trophies flagged unobtainable on a
 * Trophyroom server (its API with a personal API token). A flag or list naming a game or trophy
 * not in the library is refused whole, the server naming each one; nothing changes.
 * @module
 */
import { readFileSync } from 'node:fs';
import type { unobtainableList } from '@trophyroom/contract';
import type { z } from 'zod';
import type { Command, CommandArgs, CommandContext } from '../command.ts';
import { UsageError } from '../errors/cli-error.ts';
import { EXIT } from '../errors/exit-codes.ts';
import { call, target } from '../server/server-api.ts';

const usage = `Usage: trophyroom unobtainable list --server URL [--json]
       trophyroom unobtainable flag NPWR12345_00 TROPHY_ID [--note TEXT] --server URL
       trophyroom unobtainable unflag NPWR12345_00 TROPHY_ID --server URL
       trophyroom unobtainable import FILE --server URL

Trophies that can no longer be earned (servers shut down, glitched) never count against a game:
Trophyroom shows its progress both ways ("100 %" and "100 % of obtainable").

  list     every flag, with where it came from
  flag     flag one trophy of an imported game by hand
  unflag   take a flag off
  import   a JSON list {"source": "…", "trophies": [{"npCommunicationId": "…", "trophyId": 1, "note"?: "…"}]};
           one naming a game or trophy not in your library is refused whole (each named)

Options:
  --server URL    the Trophyroom server (TROPHYROOM_SERVER)
  --token TOKEN   a personal API token, trp_… (prefer TROPHYROOM_TOKEN)
  --note TEXT     why (flag)
  --json          JSON output

Examples:
  export TROPHYROOM_TOKEN=trp_…
  trophyroom unobtainable flag NPWR10600_00 51 --note "online servers shut down" --server http://127.0.0.1:3000
  trophyroom unobtainable import delisted.json --server http://127.0.0.1:3000
  trophyroom unobtainable list --server http://127.0.0.1:3000
`;

function trophyRef(positionals: string[]): { npCommunicationId: string; trophyId: number } {
  const [, npCommunicationId, id] = positionals;
  if (!npCommunicationId || !/^NPWR\d{5}_\d{2}$/.test(npCommunicationId)) throw new UsageError('Which game? Give its npCommunicationId, e.g. NPWR10600_00.');
  const trophyId = Number(id);
  if (id === undefined || !Number.isInteger(trophyId) || trophyId < 0) throw new UsageError('Which trophy? Give its id, a whole number (0 is the platinum).');
  return { npCommunicationId, trophyId };
}

async function run({ values, positionals }: CommandArgs, context: CommandContext): Promise<number> {
  const verb = positionals[0];
  const { out } = context;
  const { server, token } = target(values, context.io.env);
  const json = { 'content-type': 'application/json' };
  if (verb === 'list') {
    const { items } = (await (await call(server, token, '/api/unobtainable', {}, context.signal)).json()) as z.output<typeof unobtainableList>;
    if (out.json) out.printJson(items);
    else if (items.length === 0) out.write('No trophy is flagged unobtainable.\n');
    else
      out.table(items, [
        { header: 'Game', value: (f) => f.title },
        { header: 'Id', value: (f) => f.npCommunicationId },
        { header: 'Trophy', value: (f) => `${f.trophyId} ${f.name}${f.earned ? ' (earned anyway)' : ''}` },
        { header: 'Source', value: (f) => (f.source === 'manual' ? 'you' : f.source) },
      ]);
    return EXIT.ok;
  }
  if (verb === 'flag') {
    const ref = trophyRef(positionals);
    const note = values.note as string | undefined;
    const body = JSON.stringify({ ...ref, ...(note ? { note } : {}) });
    const flagged = await (await call(server, token, '/api/unobtainable', { method: 'POST', body, headers: json }, context.signal)).json();
    if (out.json) out.printJson(flagged);
    else out.write(`Flagged unobtainable: ${flagged.name} (${ref.npCommunicationId} #${ref.trophyId}).\n`);
    return EXIT.ok;
  }
  if (verb === 'unflag') {
    const ref = trophyRef(positionals);
    await call(server, token, `/api/unobtainable/${ref.npCommunicationId}/${ref.trophyId}`, { method: 'DELETE' }, context.signal);
    if (!out.json) out.write(`No longer flagged: ${ref.npCommunicationId} #${ref.trophyId}.\n`);
    else out.printJson({ unflagged: ref });
    return EXIT.ok;
  }
  if (verb === 'import') {
    const file = positionals[1];
    if (!file) throw new UsageError('Which file? trophyroom unobtainable import FILE --server URL');
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
      JSON.parse(text);
    } catch {
      throw new UsageError(
        `${file} cannot be read as JSON: a list is {"source": "…", "trophies": [{"npCommunicationId": "…", "trophyId": 1}]}. Nothing was flagged.`,
      );
    }
    const done = (await (await call(server, token, '/api/unobtainable/import', { method: 'POST', body: text, headers: json }, context.signal)).json()) as {
      flagged: number;
      titles: number;
    };
    if (out.json) out.printJson(done);
    else out.write(`Flagged ${done.flagged} trophies unobtainable in ${done.titles} games.\n`);
    return EXIT.ok;
  }
  throw new UsageError(
    verb ? `Unknown: trophyroom unobtainable ${verb}. Use list, flag, unflag or import.` : 'trophyroom unobtainable list|flag|unflag|import — see --help.',
  );
}

export const unobtainable: Command = {
  name: 'unobtainable',
  summary: 'trophies flagged unobtainable on a Trophyroom server: list, flag, unflag, import a list',
  help: usage,
  options: { server: { type: 'string' }, token: { type: 'string' }, note: { type: 'string' } },
  run,
};
