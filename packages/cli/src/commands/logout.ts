/**
 * `trophyroom logout`: forgets the stored tokens.
 * @module
 */
import type { Command } from '../command.ts';
import { credentialStore } from '../psn/session.ts';

export const logout: Command = {
  name: 'logout',
  summary: 'forget the stored tokens',
  help: `Usage: trophyroom logout

Deletes the stored, encrypted tokens from the config directory. To also end the session at Sony,
use "Sign out of all devices" in your PlayStation account's security settings.

Examples:
  trophyroom logout
  trophyroom logout --json
`,
  async run(_args, context) {
    const store = credentialStore(context);
    const login = store.read();
    const removed = store.remove();
    if (context.out.json) context.out.printJson({ loggedOut: true, wasLoggedIn: removed, onlineId: login?.account.onlineId ?? null });
    else
      context.out.write(
        removed ? `Logged out${login ? ` ${login.account.onlineId}` : ''}; the stored tokens are deleted.\n` : 'Not logged in; nothing to do.\n',
      );
    return 0;
  },
};
