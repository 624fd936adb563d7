/**
 * The fingerprint of a trophy set that tells the versions of one game apart from namesakes: the
 * base game's trophies by grade and name (case, spacing and punctuation aside). The PS3, PS4,
 * PS5 and Vita lists of one game share it; a remaster with a new list, or another game of the
 * same name, does not — so stacks are never matched by the game's name.
 * @module
 */
import { createHash } from 'node:crypto';

export interface SignedTrophy {
  type: string;
  name: string;
  groupId: string;
}

function normalize(name: string): string {
  return name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** The set's signature (hex), or null for a set without base-game trophies (nothing to compare). */
export function trophySetSignature(trophies: readonly SignedTrophy[]): string | null {
  const base = trophies.filter((t) => t.groupId === 'default').map((t) => `${t.type}|${normalize(t.name)}`);
  if (base.length === 0) return null;
  base.sort();
  return createHash('sha256')
    .update(`${base.length}\n${base.join('\n')}`)
    .digest('hex')
    .slice(0, 32);
}
