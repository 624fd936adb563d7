/**
 * Stacks: the PS3, PS4, PS5 and Vita lists of one game, side by side. Lists stack when their
 * trophy sets match (base-game trophies by grade and name, never the game's name alone); the
 * user can split a wrong stack or join lists by hand, and those choices win over the sets.
 * @module
 */
import { randomUUID } from 'node:crypto';
import type { StackMemberRow, StacksRepository } from '../repositories/stacks.repository.ts';
import { ServiceError } from './service-error.ts';

export interface StacksDeps {
  stacks: StacksRepository;
  now: () => number;
  /** Language of the stored trophy sets compared. @default 'en-US' */
  language?: string;
}

const counts = (row: StackMemberRow, prefix: 'earned' | 'defined') => ({
  bronze: row[`${prefix}_bronze`],
  silver: row[`${prefix}_silver`],
  gold: row[`${prefix}_gold`],
  platinum: row[`${prefix}_platinum`],
});

/** One list of a stack as the API shows it. */
function versionView(row: StackMemberRow) {
  return {
    npCommunicationId: row.np_communication_id,
    name: row.name,
    iconUrl: row.icon_url,
    platforms: row.platform.split(','),
    progress: row.progress,
    earned: counts(row, 'earned'),
    defined: counts(row, 'defined'),
    platinumEarned: row.earned_platinum > 0,
    lastUpdatedAt: row.last_updated_at,
  };
}

export type StackVersion = ReturnType<typeof versionView>;

/** A stack as the API shows it: named after its most recently updated list. */
function stackView(key: string, rows: StackMemberRow[]) {
  const versions = rows.map(versionView);
  const newest = versions[0] as StackVersion;
  return { id: key, name: newest.name, iconUrl: newest.iconUrl, joinedByHand: key.startsWith('hand:'), versions };
}

export type Stack = ReturnType<typeof stackView>;

export class StacksService {
  readonly #language: string;

  constructor(private readonly deps: StacksDeps) {
    this.#language = deps.language ?? 'en-US';
  }

  /** A page of the user's stacks with each version's progress. */
  async page(userId: string, query: { limit: number; offset: number }) {
    const { members, total } = await this.deps.stacks.page(userId, query);
    const byKey = new Map<string, StackMemberRow[]>();
    for (const row of members) {
      const list = byKey.get(row.stack_key);
      if (list) list.push(row);
      else byKey.set(row.stack_key, [row]);
    }
    // Members come newest first, so the stacks keep the key query's order.
    const items = [...byKey].map(([key, rows]) => stackView(key, rows));
    const next = query.offset + query.limit;
    return { items, total, nextOffset: next < total ? next : null };
  }

  /** The stack a list belongs to (null when it stacks with nothing); a `not_found` error when the user lacks the list. */
  async stackOf(userId: string, npCommunicationId: string): Promise<{ stack: Stack | null }> {
    const rows = await this.deps.stacks.stackOf(userId, npCommunicationId);
    if (!rows) throw new ServiceError('not_found', `That game (${npCommunicationId}) is not in your library.`);
    return { stack: rows.length > 1 ? stackView(rows[0]?.stack_key as string, rows) : null };
  }

  /** Takes a list out of its stack (it stays apart, whatever its set). */
  async split(userId: string, npCommunicationId: string): Promise<{ stack: Stack | null }> {
    await this.#known(userId, [npCommunicationId]);
    const before = await this.deps.stacks.stackOf(userId, npCommunicationId);
    await this.deps.stacks.link(userId, [npCommunicationId], `solo:${npCommunicationId}`, this.#iso(), { withMates: false });
    // What is left of the stack it was in, if anything.
    const mate = before?.find((r) => r.np_communication_id !== npCommunicationId);
    return mate ? this.stackOf(userId, mate.np_communication_id) : { stack: null };
  }

  /** Joins lists (and the lists they stack with now) into one stack by hand. Unknown ids: an `unknown_titles` error naming them, nothing changed. */
  async join(userId: string, npCommunicationIds: readonly string[]): Promise<{ stack: Stack }> {
    const ids = [...new Set(npCommunicationIds)];
    if (ids.length < 2) throw new ServiceError('invalid_request', 'Name at least two different games to stack together.');
    await this.#known(userId, ids);
    await this.deps.stacks.link(userId, ids, `hand:${randomUUID()}`, this.#iso(), { withMates: true });
    const { stack } = await this.stackOf(userId, ids[0] as string);
    return { stack: stack as Stack };
  }

  async #known(userId: string, ids: readonly string[]): Promise<void> {
    const unknown = await this.deps.stacks.unknown(userId, ids);
    if (unknown.length > 0)
      throw new ServiceError('unknown_titles', `Not in your library: ${unknown.join(', ')}. Nothing was changed; check the ids (GET /api/games lists yours).`, {
        unknown,
      });
  }

  #iso(): string {
    return new Date(this.deps.now()).toISOString();
  }
}
