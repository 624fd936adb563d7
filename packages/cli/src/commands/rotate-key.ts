/**
 * `trophyroom rotate-key`: rotates the server's vault key in its data directory. A fresh key goes
 * first in `vault.key` and the old one stays after it; the server, at its next start, seals every
 * stored PSN token again with the new key and then drops the old one from the file. A running
 * server is not disturbed: it keeps the key it read. Needs only the vault, not the server.
 * @module
 */
import { join, resolve } from 'node:path';
import { addKeyToFile, VaultError } from '@trophyroom/vault';
import type { Command } from '../command.ts';
import { UsageError } from '../errors/cli-error.ts';
import { EXIT } from '../errors/exit-codes.ts';

export const rotateKey: Command = {
  name: 'rotate-key',
  summary: "rotate the server's vault key (the PSN tokens are sealed again at the next start)",
  help: `Usage: trophyroom rotate-key [--data-dir DIR]

Puts a fresh vault key first in the data directory's vault.key, keeping the old key after it. At
its next start the server seals every stored PSN token again with the new key and drops the old
one from the file (its log says "vault key rotated"). A server running meanwhile is not disturbed.

With TROPHYROOM_SECRET_KEY instead of a key file (scale-out), rotate it in the environment: give
every process "old,new" (comma-separated; the first key seals), then "new,old" (each start seals
the tokens again), then "new" alone.

Options:
  --data-dir DIR   the server's data directory (TROPHYROOM_DATA_DIR; default ./data)

Examples:
  trophyroom rotate-key --data-dir /var/lib/trophyroom && systemctl restart trophyroom
`,
  options: { 'data-dir': { type: 'string' } },
  async run({ values }, { io, out }) {
    if (io.env.TROPHYROOM_SECRET_KEY)
      throw new UsageError(
        'TROPHYROOM_SECRET_KEY is set, so the server does not use a key file: rotate it there ("old,new" on every process, then "new,old", then "new"; see --help).',
      );
    const dataDir = resolve(typeof values['data-dir'] === 'string' ? values['data-dir'] : (io.env.TROPHYROOM_DATA_DIR ?? 'data'));
    const file = join(dataDir, 'vault.key');
    let keys: number;
    try {
      ({ keys } = addKeyToFile(file));
    } catch (error) {
      if (error instanceof VaultError) throw new UsageError(error.message);
      throw error;
    }
    if (out.json) out.printJson({ keyFile: file, keys });
    else out.write(`A new key is first in ${file} (${keys} keys in the file). Restart the server: it seals the PSN tokens again and drops the old key.\n`);
    return EXIT.ok;
  },
};
