/**
 * `trophyroom login`: NPSSO in (hidden prompt, or stdin), tokens out, sealed in the config
 * directory. The NPSSO is used for the sign-in call only: never stored, never printed.
 * @module
 */
import { SHORT_TOKEN_DAYS } from '@trophyroom/vault';
import type { Command } from '../command.ts';
import { UsageError } from '../errors/cli-error.ts';
import { readSecret, readStdin } from '../input/read-secret.ts';
import { countdown, describeCountdown, grantedText } from '../psn/countdown.ts';
import { runtimeOf } from '../psn/runtime.ts';
import { clientOptions, credentialStore } from '../psn/session.ts';

export const login: Command = {
  name: 'login',
  summary: 'sign in with an NPSSO; the tokens are stored encrypted',
  help: `Usage: trophyroom login [--npsso-stdin]

Signs in to PSN with an NPSSO and stores the resulting tokens encrypted (AES-256-GCM) in the
config directory, readable by you only (mode 0600). The NPSSO itself is never stored or printed.

Get the NPSSO: sign in at https://www.playstation.com, then open
https://ca.account.sony.com/api/v1/ssocookie and copy the value of "npsso" (or the whole JSON).
The login lasts as long as Sony grants its refresh token, shown after sign-in: it varies by
account and browser session (10 days and 60 days have both been seen on fresh logins). An old
browser session gives a shorter one: signing out of PSN and in again first may give a longer one.

Options:
  --npsso-stdin   read the NPSSO (or the pasted {"npsso":…} JSON) from stdin instead of prompting

Examples:
  trophyroom login                                   # prompts; input hidden
  pbpaste | trophyroom login --npsso-stdin
  trophyroom login --npsso-stdin < npsso.json
  trophyroom login --base-url http://127.0.0.1:4100  # a psn-sim simulator
`,
  options: { 'npsso-stdin': { type: 'boolean' } },
  async run({ values }, context) {
    const { io, out, signal } = context;
    let pasted: string;
    if (values['npsso-stdin']) pasted = await readStdin(io);
    else if (io.stdin.isTTY) pasted = await readSecret(io, 'NPSSO (from https://ca.account.sony.com/api/v1/ssocookie; input hidden): ', signal);
    else throw new UsageError('No terminal to prompt on: pipe the NPSSO in with `trophyroom login --npsso-stdin`.');
    const { PsnClient, parseNpsso } = await import('@trophyroom/psn');
    const npsso = parseNpsso(pasted);
    const runtime = await runtimeOf(context);
    const psn = new PsnClient(clientOptions(context, runtime));
    const tokens = await psn.signIn(npsso, { signal });
    const [summary, profile] = await Promise.all([psn.trophies.summary({ signal }), psn.profiles.get({ signal })]);
    const account = { onlineId: profile.onlineId, accountId: summary.accountId };
    const store = credentialStore(context);
    // What Sony granted, measured at sign-in: never assumed (Sony's grants vary by account and session).
    const grantedSeconds = tokens.refreshTokenExpiresIn ?? Math.max(0, Math.round((tokens.refreshTokenExpiresAt - runtime.clock.now()) / 1000));
    const saved = await store.save(account, context.global.baseUrl, psn.tokens ?? tokens, runtime.clock.now(), grantedSeconds);
    const view = countdown(saved.refreshTokenExpiresAt, runtime.clock.now());
    if (out.json) {
      out.printJson({ loggedIn: true, ...account, token: { ...view, grantedSeconds }, credentials: store.path });
      return 0;
    }
    out.write(`Logged in as ${out.c.bold(account.onlineId)} (${account.accountId}).\n`);
    out.write(`Token: ${describeCountdown(view, out.c)}; Sony granted ${grantedText(grantedSeconds)}.\n`);
    if (view.daysLeft < SHORT_TOKEN_DAYS)
      out.note(
        `Sony granted this login only ${grantedText(grantedSeconds)}. Grants vary by account, and an old browser session shortens them: signing out of PSN and in again, then logging in with the new NPSSO, may give a longer one. \`trophyroom status\` counts down what was granted.`,
      );
    out.note(`Stored encrypted in ${store.path}.`);
    return 0;
  },
};
