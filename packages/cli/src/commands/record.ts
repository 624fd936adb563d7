/**
 * `trophyroom record --out FILE`: a fixed tour of Sony's endpoints with your own NPSSO, written as
 * a recording (`psn-recording/1`) with secrets removed and people anonymised, to grow the
 * simulator's fidelity (see docs/recording.md). The NPSSO and the tokens of this sign-in are used
 * for the tour only: never stored, never written, and the file is refused if any trace remains.
 * @module
 */
import { resolve } from 'node:path';
import type { RecordedExchange, Recording } from 'psn-sim';
import type { Command } from '../command.ts';
import { writeFileAtomic } from '../config/config-dir.ts';
import { CliError, UsageError } from '../errors/cli-error.ts';
import { EXIT } from '../errors/exit-codes.ts';
import { readSecret, readStdin } from '../input/read-secret.ts';
import { runtimeOf } from '../psn/runtime.ts';
import { clientOptions } from '../psn/session.ts';
import { Anonymiser } from '../record/anonymiser.ts';
import { createRecorder, runTour } from '../record/tour.ts';

export const record: Command = {
  name: 'record',
  summary: "record Sony's answers to a fixed tour of endpoints, anonymised, to improve the simulator",
  help: `Usage: trophyroom record --out FILE [--npsso-stdin]

Signs in with your NPSSO and calls every endpoint Trophyroom uses once or twice — your summary,
profile, title list, four titles' groups and trophies, game list, titles by product id, friends,
presence, the legacy host, PlayStation Stars, a friend's data when you have one, a few requests
Sony refuses — about 30 requests, within the rate budget. Every request and answer is written to
FILE as a recording for psn-sim (\`psn-sim --replay FILE\`, and the conformance test).

Before anything is written: the NPSSO, tokens, codes and cookies are removed; account ids become
10000000000000000NN, online ids playerN, real names FirstN/LastN, about-me texts a placeholder —
the same person keeps the same stand-in across the file. If any secret or original id is still
found, nothing is written. Read the file before you share it. Nothing is stored in the config
directory: this sign-in is separate from \`trophyroom login\`.

Options:
  --out FILE      where to write the recording (required)
  --npsso-stdin   read the NPSSO from stdin instead of prompting

Examples:
  trophyroom record --out my-psn.json
  pbpaste | trophyroom record --npsso-stdin --out my-psn.json
  psn-sim --replay my-psn.json --port 4100
`,
  options: { out: { type: 'string' }, 'npsso-stdin': { type: 'boolean' } },
  async run({ values }, context) {
    const { io, out, signal } = context;
    const file = typeof values.out === 'string' && values.out ? resolve(values.out) : undefined;
    if (!file) throw new UsageError('Say where to write the recording: `trophyroom record --out FILE`.');
    let pasted: string;
    if (values['npsso-stdin']) pasted = await readStdin(io);
    else if (io.stdin.isTTY) pasted = await readSecret(io, 'NPSSO (from https://ca.account.sony.com/api/v1/ssocookie; input hidden): ', signal);
    else throw new UsageError('No terminal to prompt on: pipe the NPSSO in with `trophyroom record --npsso-stdin --out FILE`.');
    const { PsnClient, parseNpsso } = await import('@trophyroom/psn');
    const npsso = parseNpsso(pasted);
    const runtime = await runtimeOf(context);
    const anonymiser = new Anonymiser();
    anonymiser.secret(npsso);
    const recorder = createRecorder();
    let made: InstanceType<typeof PsnClient> | undefined;
    const { account } = await runTour(
      npsso,
      recorder,
      (options) => {
        made = new PsnClient({ ...clientOptions(context, runtime), ...options });
        return made;
      },
      signal,
      (label) => out.note(`trophyroom: recording ${label}`),
    ).catch((error: unknown) => {
      if (signal.aborted) throw error;
      // The sign-in itself failed: say why, as login would (the exchange is not worth a file).
      if (recorder.exchanges.some((e) => e.route.startsWith('auth.') && e.response.status >= 500))
        throw new CliError("Sony's sign-in is failing (an outage on Sony's side); nothing was recorded. Try again later.", EXIT.unavailable);
      throw new CliError('Sony did not accept the NPSSO; nothing was recorded. Copy a fresh one and run the command again.', EXIT.auth);
    });
    // Every token this sign-in produced is a secret to keep out of the file.
    const tokens = (made as { tokens?: { accessToken: string; refreshToken: string; idToken?: string } } | undefined)?.tokens;
    for (const value of [tokens?.accessToken, tokens?.refreshToken, tokens?.idToken]) anonymiser.secret(value);
    for (const e of recorder.exchanges) collectSecrets(anonymiser, e);
    // The signed-in account first (…001), then everyone else as they appear.
    if (account) {
      anonymiser.account(account.accountId);
      anonymiser.onlineId(account.onlineId);
    }
    for (const e of recorder.exchanges) {
      anonymiser.learnUrl(e.request.url);
      anonymiser.learn(e.response.body);
    }
    const exchanges: RecordedExchange[] = recorder.exchanges.map((e) => anonymiser.anonymise(e));
    const recording: Recording = {
      format: 'psn-recording/1',
      description: 'The fixed tour of `trophyroom record`.',
      sources: [{ tool: 'trophyroom record', recorded: new Date(runtime.clock.now()).toISOString().slice(0, 10) }],
      anonymised:
        'Account ids replaced by 10000000000000000NN (the recording account is …001), online ids by playerN, real names by FirstN/LastN, about-me texts by "(about me)"; the NPSSO, tokens, codes and cookies removed (<redacted>), response headers other than content-type, location, retry-after, x-ratelimit-next-available, cache-control and www-authenticate dropped, request headers not recorded.',
      exchanges,
    };
    const text = `${JSON.stringify(recording, null, 2)}\n`;
    const leak = anonymiser.leaks(text);
    if (leak) throw new CliError(`The recording still held ${leak} after anonymising; nothing was written. Please report this.`, EXIT.unexpected);
    writeFileAtomic(file, text);
    const routes = new Set(exchanges.map((e) => e.route));
    if (out.json) out.printJson({ file, exchanges: exchanges.length, routes: [...routes].sort() });
    else out.write(`Recorded ${exchanges.length} answers from ${routes.size} routes to ${file}.\nRead it before you share it; see docs/recording.md.\n`);
    return 0;
  },
};

/** Secrets that Sony hands out during the tour: the authorization code in a Location, tokens in a body. */
function collectSecrets(anonymiser: Anonymiser, e: RecordedExchange): void {
  const location = e.response.headers?.location;
  if (location) {
    const query = location.slice(location.indexOf('?') + 1);
    anonymiser.secret(new URLSearchParams(query).get('code') ?? undefined);
  }
  if (e.request.body) {
    const form = new URLSearchParams(e.request.body);
    for (const key of ['code', 'refresh_token', 'npsso']) anonymiser.secret(form.get(key) ?? undefined);
  }
  const body = e.response.body as Record<string, unknown> | undefined;
  if (body && typeof body === 'object')
    for (const key of ['access_token', 'refresh_token', 'id_token']) if (typeof body[key] === 'string') anonymiser.secret(body[key]);
}
