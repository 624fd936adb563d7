/**
 * `trophyroom status`: who is logged in and how long the token lasts, in the web UI's
 * green/amber/red/expired wording. Offline: reads the stored login only.
 * @module
 */
import type { Command } from '../command.ts';
import { EXIT } from '../errors/exit-codes.ts';
import { countdown, describeCountdown, grantedText } from '../psn/countdown.ts';
import { runtimeOf } from '../psn/runtime.ts';
import { credentialStore } from '../psn/session.ts';

export const status: Command = {
  name: 'status',
  summary: 'the logged-in account and the days left on its token',
  help: `Usage: trophyroom status

Shows the logged-in account and the days left on its refresh token: green (more than 14 days),
amber (14 or fewer), red (2 or fewer), expired. Sends nothing to Sony.
Exits 3 when not logged in or when the token has expired.

Examples:
  trophyroom status
  trophyroom status --json | jq .token.daysLeft
`,
  async run(_args, context) {
    const { out } = context;
    const store = credentialStore(context);
    const login = store.read();
    if (!login) {
      if (out.json) out.printJson({ loggedIn: false });
      else out.write('Not logged in. Run `trophyroom login`.\n');
      return EXIT.auth;
    }
    const runtime = await runtimeOf(context);
    const view = countdown(login.refreshTokenExpiresAt, runtime.clock.now());
    const granted = login.grantedSeconds;
    if (out.json)
      out.printJson({
        loggedIn: true,
        ...login.account,
        baseUrl: login.baseUrl,
        token: { ...view, ...(granted !== undefined ? { grantedSeconds: granted } : {}) },
      });
    else
      out.pairs([
        ['Account', `${login.account.onlineId} (${login.account.accountId})`],
        ['PSN', login.baseUrl ?? "Sony's PSN"],
        ['Token', `${describeCountdown(view, out.c)}${granted !== undefined ? `; Sony granted ${grantedText(granted)}` : ''}`],
        ['Stored in', store.path],
      ]);
    return view.state === 'expired' ? EXIT.auth : EXIT.ok;
  },
};
