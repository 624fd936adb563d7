/**
 * One line on stderr when Sony sent list items the client could not read and left out (a title,
 * a game): the rest of the list is shown, and the person knows it is not complete.
 * @module
 */
import type { PsnClient } from '@trophyroom/psn';
import type { Output } from './output.ts';

export function noteSkipped(psn: PsnClient, out: Output, what: string): void {
  const n = psn.stats.skippedItems;
  if (n > 0)
    out.note(
      `trophyroom: Sony sent ${n} malformed ${n === 1 ? 'entry' : 'entries'} among the ${what}; ${n === 1 ? 'it was' : 'they were'} left out and the rest is shown. If it persists, please report it.`,
    );
}
