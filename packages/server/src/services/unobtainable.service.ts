/**
 * Unobtainable trophies: flag or unflag one by hand, or import a list (JSON, with its source).
 * A flag or list that names a title not imported, or a trophy the title does not have, is
 * refused whole with each unknown one named (`unknown_trophies`): nothing changes.
 * @module
 */
import type { UnobtainableRepository, TrophyRef } from '../repositories/unobtainable.repository.ts';
import { notFound, ServiceError } from './service-error.ts';

export interface UnobtainableDeps {
  flags: UnobtainableRepository;
  now: () => number;
  language: string;
  /** Hears that flags changed what the library counts (the profile page is made again then). */
  onLibraryChanged?: ((userId: string) => Promise<void>) | undefined;
}

const SHOWN = 20;

export class UnobtainableService {
  constructor(private readonly deps: UnobtainableDeps) {}

  /** The user's flags, by title and trophy. */
  async list(userId: string) {
    const rows = await this.deps.flags.list(userId, this.deps.language);
    return {
      items: rows.map((r) => ({
        npCommunicationId: r.np_communication_id,
        trophyId: r.trophy_id,
        title: r.title,
        name: r.name ?? `Trophy ${r.trophy_id}`,
        source: r.source,
        note: r.note,
        flaggedAt: r.flagged_at,
        earned: r.earned === 1,
      })),
    };
  }

  /** Flags one trophy by hand. */
  async flag(userId: string, ref: TrophyRef & { note?: string | undefined }) {
    await this.#import(userId, 'manual', [ref]);
    const flagged = (await this.list(userId)).items.find((f) => f.npCommunicationId === ref.npCommunicationId && f.trophyId === ref.trophyId);
    if (!flagged) throw notFound('That trophy');
    return flagged;
  }

  /** Takes a flag off; not_found when it was not flagged. */
  async unflag(userId: string, ref: TrophyRef): Promise<void> {
    if (!(await this.deps.flags.unflag(userId, ref))) throw notFound('That flag');
    await this.#changed(userId);
  }

  /** Flags every trophy of an imported list, all or none. */
  async import(userId: string, list: { source: string; trophies: Array<TrophyRef & { note?: string | undefined }> }) {
    await this.#import(userId, list.source, list.trophies);
    return { flagged: list.trophies.length, titles: new Set(list.trophies.map((t) => t.npCommunicationId)).size };
  }

  async #import(userId: string, source: string, refs: ReadonlyArray<TrophyRef & { note?: string | undefined }>): Promise<void> {
    const unknown = await this.deps.flags.unknown(userId, refs);
    if (unknown.titles.length || unknown.trophies.length) {
      const named = [...unknown.titles.map((id) => `title ${id}`), ...unknown.trophies.map((t) => `trophy ${t.trophyId} of ${t.npCommunicationId}`)];
      const shown = named.slice(0, SHOWN).join(', ') + (named.length > SHOWN ? ` and ${named.length - SHOWN} more` : '');
      throw new ServiceError(
        'unknown_trophies',
        `Nothing was flagged: ${named.length} ${named.length === 1 ? 'entry names' : 'entries name'} what is not in your imported games (${shown}). Import those games first, or fix the list.`,
        { titles: unknown.titles, trophies: unknown.trophies },
      );
    }
    const at = new Date(this.deps.now()).toISOString();
    // A list naming a trophy twice flags it once (its last entry wins).
    const once = [...new Map(refs.map((r) => [`${r.npCommunicationId}:${r.trophyId}`, r])).values()];
    await this.deps.flags.flag(
      userId,
      once.map((r) => ({ npCommunicationId: r.npCommunicationId, trophyId: r.trophyId, source, note: r.note ?? null })),
      at,
    );
    await this.#changed(userId);
  }

  async #changed(userId: string): Promise<void> {
    // Only a cache is made here: if that fails, the next view makes the page itself.
    await this.deps.onLibraryChanged?.(userId).catch(() => undefined);
  }
}
