/**
 * The library archive, the only door to exporting and importing a whole library: the JSON export
 * (`trophyroom-library` version 1: every title with Sony's fields, the user's picks and times, the
 * history marks, each imported title's groups and trophies with the earned state), the CSV export
 * (one row per trophy, for spreadsheets), and an import of a JSON export into an empty library —
 * checked whole first (the contract's schema, then what a schema cannot say: duplicates, trophies
 * in groups that do not exist, the language), then written in one transaction, so a bad file
 * changes nothing.
 * @module
 */
import type { TitleGroupsTable, TrophyDefinitionsTable } from '../db/schema.ts';
import { type ArchivedTitle, type LibraryArchiveRepository, LibraryNotEmptyError, type RestoredTitle } from '../repositories/library-archive.repository.ts';
import { ServiceError } from './service-error.ts';
import { trophySetSignature } from '../trophies/trophy-set-signature.ts';
import { noTitleFacts } from '../db/title-facts.ts';

const TYPES = ['bronze', 'silver', 'gold', 'platinum'] as const;
type Counts = Record<(typeof TYPES)[number], number>;

/** An archive as the contract's `libraryArchive` describes it. */
export interface LibraryArchive {
  format: 'trophyroom-library';
  version: 1;
  exportedAt: string;
  language: string;
  account: { onlineId: string } | null;
  titles: ArchiveTitle[];
}

export interface ArchiveTitle {
  npCommunicationId: string;
  npServiceName: 'trophy' | 'trophy2';
  name: string;
  detail: string | null;
  iconUrl: string;
  platform: string;
  trophySetVersion: string;
  hasTrophyGroups: boolean;
  hidden: boolean;
  picked: boolean;
  progress: number;
  defined: Counts;
  earned: Counts;
  lastUpdatedAt: string;
  lastPlayedAt: string | null;
  playSeconds: number | null;
  syncedAt: string | null;
  definitionsVersion: string | null;
  firstSeenAt: string;
  goneFromPsnAt: string | null;
  countsDroppedAt: string | null;
  groups: Array<{ id: string; name: string; detail: string | null; iconUrl: string; defined: Counts }>;
  trophies: ArchiveTrophy[];
}

export interface ArchiveTrophy {
  id: number;
  groupId: string;
  type: (typeof TYPES)[number];
  hidden: boolean;
  name: string;
  detail: string;
  iconUrl: string;
  progressTarget: number | null;
  rewardName: string | null;
  rewardImageUrl: string | null;
  earned: boolean | null;
  earnedAt: string | null;
  progress: number | null;
  earnedRate: number | null;
  rarity: number | null;
  withdrawnAt: string | null;
}

export interface LibraryArchiveDeps {
  archive: LibraryArchiveRepository;
  /** The connected account's online id (named in the export), if any. */
  onlineId: (userId: string) => Promise<string | undefined>;
  now: () => number;
  /** Language of the instance's trophy names. @default 'en-US' */
  language?: string;
}

const counts = (row: object, prefix: string): Counts =>
  Object.fromEntries(TYPES.map((t) => [t, Number((row as Record<string, unknown>)[`${prefix}_${t}`] ?? 0)])) as Counts;

/** One archived title as the archive's JSON object. */
function toArchiveTitle(a: ArchivedTitle): ArchiveTitle {
  const t = a.title;
  const earned = new Map(a.earned.map((e) => [e.trophy_id, e]));
  const trophies: ArchiveTrophy[] = a.trophies.map((d) => {
    const e = earned.get(d.trophy_id);
    return {
      id: d.trophy_id,
      groupId: d.group_id,
      type: d.type as ArchiveTrophy['type'],
      hidden: d.hidden === 1,
      name: d.name,
      detail: d.detail,
      iconUrl: d.icon_url,
      progressTarget: d.progress_target,
      rewardName: d.reward_name,
      rewardImageUrl: d.reward_image_url,
      earned: e ? e.earned === 1 : null,
      earnedAt: e?.earned_at ?? null,
      progress: e?.progress ?? null,
      earnedRate: e ? e.earned_rate : null,
      rarity: e ? e.rarity : null,
      withdrawnAt: e?.psn_withdrawn_at ?? null,
    };
  });
  return {
    npCommunicationId: t.np_communication_id,
    npServiceName: t.np_service_name as ArchiveTitle['npServiceName'],
    name: t.name,
    detail: a.definition?.detail ?? null,
    iconUrl: t.icon_url,
    platform: t.platform,
    trophySetVersion: t.trophy_set_version,
    hasTrophyGroups: t.has_trophy_groups === 1,
    hidden: t.hidden === 1,
    picked: t.picked === 1,
    progress: t.progress,
    defined: counts(t, 'defined'),
    earned: counts(t, 'earned'),
    lastUpdatedAt: t.last_updated_at,
    lastPlayedAt: t.last_played_at,
    playSeconds: t.play_seconds,
    syncedAt: t.earned_synced_at,
    definitionsVersion: t.definitions_version,
    firstSeenAt: t.first_seen_at,
    goneFromPsnAt: t.psn_gone_at,
    countsDroppedAt: t.psn_counts_dropped_at,
    groups: a.groups.map((g) => ({ id: g.group_id, name: g.name, detail: g.detail, iconUrl: g.icon_url, defined: counts(g, 'defined') })),
    trophies,
  };
}

/** The CSV columns, one row per trophy (a title without trophies: one row with the trophy columns empty). */
export const LIBRARY_CSV_HEADER = [
  'npCommunicationId',
  'title',
  'platform',
  'picked',
  'progress',
  'goneFromPsnAt',
  'countsDroppedAt',
  'groupId',
  'groupName',
  'trophyId',
  'type',
  'name',
  'detail',
  'hidden',
  'earned',
  'earnedAt',
  'earnedRate',
  'rarity',
  'withdrawnAt',
] as const;

/** A CSV field: quoted when it holds a comma, quote or line break; a leading =, +, - or @ defused (spreadsheet formulas). */
function field(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (/^[=+\-@]/.test(text) && typeof value === 'string') text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

const line = (values: readonly unknown[]) => `${values.map(field).join(',')}\r\n`;

export class LibraryArchiveService {
  readonly #language: string;

  constructor(private readonly deps: LibraryArchiveDeps) {
    this.#language = deps.language ?? 'en-US';
  }

  /** The JSON export as text chunks (a title per line), so a large library is never one string. */
  async *exportJson(userId: string): AsyncGenerator<string> {
    const onlineId = await this.deps.onlineId(userId);
    const head = {
      format: 'trophyroom-library',
      version: 1,
      exportedAt: new Date(this.deps.now()).toISOString(),
      language: this.#language,
      account: onlineId ? { onlineId } : null,
    };
    yield `${JSON.stringify(head).slice(0, -1)},"titles":[\n`;
    let first = true;
    for await (const title of this.deps.archive.titles(userId, this.#language)) {
      yield `${first ? '' : ',\n'}${JSON.stringify(toArchiveTitle(title))}`;
      first = false;
    }
    yield '\n]}\n';
  }

  /** The CSV export as text chunks. */
  async *exportCsv(userId: string): AsyncGenerator<string> {
    yield line(LIBRARY_CSV_HEADER);
    for await (const archived of this.deps.archive.titles(userId, this.#language)) {
      const t = toArchiveTitle(archived);
      const head = [t.npCommunicationId, t.name, t.platform, t.picked, t.progress, t.goneFromPsnAt, t.countsDroppedAt];
      if (t.trophies.length === 0) {
        yield line([...head, '', '', '', '', '', '', '', '', '', '', '', '']);
        continue;
      }
      const groups = new Map(t.groups.map((g) => [g.id, g.name]));
      let rows = '';
      for (const x of t.trophies)
        rows += line([
          ...head,
          x.groupId,
          groups.get(x.groupId) ?? (x.groupId === 'default' ? t.name : ''),
          x.id,
          x.type,
          x.name,
          x.detail,
          x.hidden,
          x.earned ?? '',
          x.earnedAt,
          x.earnedRate,
          x.rarity,
          x.withdrawnAt,
        ]);
      yield rows;
    }
  }

  /**
   * Imports a JSON export (already parsed by the contract's schema) into the user's library, which
   * must be empty. Everything is checked before anything is written; then one transaction writes it.
   */
  async importArchive(userId: string, archive: LibraryArchive): Promise<{ titles: number; trophies: number }> {
    const problems = archiveProblems(archive, this.#language);
    if (problems.length > 0)
      throw new ServiceError(
        'invalid_archive',
        `The file is not a library this server can import: ${problems.slice(0, 3).join('; ')}${problems.length > 3 ? ` (and ${problems.length - 3} more)` : ''}. Nothing was imported.`,
        {
          problems: problems.slice(0, 50),
        },
      );
    if ((await this.deps.archive.titleCount(userId)) > 0) throw notEmpty();
    const restored = archive.titles.map((t) => this.#restored(t, archive.exportedAt));
    try {
      await this.deps.archive.restore(userId, restored);
    } catch (error) {
      if (error instanceof LibraryNotEmptyError) throw notEmpty();
      throw error;
    }
    return { titles: restored.length, trophies: restored.reduce((n, t) => n + t.earned.length, 0) };
  }

  #restored(t: ArchiveTitle, exportedAt: string): RestoredTitle {
    const language = this.#language;
    const id = t.npCommunicationId;
    const imported = t.definitionsVersion !== null && t.trophies.length > 0;
    const groups: TitleGroupsTable[] = t.groups.map((g) => ({
      np_communication_id: id,
      language,
      group_id: g.id,
      name: g.name,
      detail: g.detail,
      icon_url: g.iconUrl,
      ...Object.fromEntries(TYPES.map((k) => [`defined_${k}`, g.defined[k]])),
    })) as TitleGroupsTable[];
    const trophies: TrophyDefinitionsTable[] = t.trophies.map((x) => ({
      np_communication_id: id,
      language,
      trophy_id: x.id,
      group_id: x.groupId,
      type: x.type,
      hidden: x.hidden ? 1 : 0,
      name: x.name,
      detail: x.detail,
      icon_url: x.iconUrl,
      progress_target: x.progressTarget,
      reward_name: x.rewardName,
      reward_image_url: x.rewardImageUrl,
    }));
    return {
      title: {
        // Written by the restore from the links and the sets (`db/stack-keys.ts`).
        set_key: null,
        stack_key: null,
        ...noTitleFacts,
        np_communication_id: id,
        np_service_name: t.npServiceName,
        name: t.name,
        icon_url: t.iconUrl,
        platform: t.platform,
        trophy_set_version: t.trophySetVersion,
        has_trophy_groups: t.hasTrophyGroups ? 1 : 0,
        picked: t.picked ? 1 : 0,
        hidden: t.hidden ? 1 : 0,
        progress: t.progress,
        defined_bronze: t.defined.bronze,
        defined_silver: t.defined.silver,
        defined_gold: t.defined.gold,
        defined_platinum: t.defined.platinum,
        earned_bronze: t.earned.bronze,
        earned_silver: t.earned.silver,
        earned_gold: t.earned.gold,
        earned_platinum: t.earned.platinum,
        last_updated_at: t.lastUpdatedAt,
        last_played_at: t.lastPlayedAt,
        play_seconds: t.playSeconds,
        earned_synced_at: t.syncedAt,
        definitions_version: t.definitionsVersion,
        first_seen_at: t.firstSeenAt,
        announced: 1,
        psn_gone_at: t.goneFromPsnAt,
        psn_counts_dropped_at: t.countsDroppedAt,
      },
      definition: imported
        ? {
            np_communication_id: id,
            language,
            trophy_set_version: t.definitionsVersion as string,
            np_service_name: t.npServiceName,
            name: t.name,
            detail: t.detail,
            icon_url: t.iconUrl,
            platform: t.platform,
            has_trophy_groups: t.hasTrophyGroups ? 1 : 0,
            defined_bronze: t.defined.bronze,
            defined_silver: t.defined.silver,
            defined_gold: t.defined.gold,
            defined_platinum: t.defined.platinum,
            fetched_at: exportedAt,
            set_signature: trophySetSignature(trophies.map((d) => ({ type: d.type, name: d.name, groupId: d.group_id }))),
          }
        : undefined,
      groups: imported ? groups : [],
      trophies: imported ? trophies : [],
      earned: t.trophies
        .filter((x) => x.earned !== null)
        .map((x) => ({
          np_communication_id: id,
          trophy_id: x.id,
          earned: x.earned ? 1 : 0,
          earned_at: x.earnedAt,
          progress: x.progress,
          earned_rate: x.earnedRate ?? 0,
          rarity: x.rarity ?? 3,
          psn_withdrawn_at: x.withdrawnAt,
        })),
    };
  }
}

const notEmpty = () =>
  new ServiceError(
    'library_not_empty',
    'Your library already holds titles: an import goes only into an empty library (a fresh account, or after disconnecting with "delete the imported data"). Nothing was imported.',
  );

/** What the schema cannot check: the language, duplicate titles and trophies, trophies of groups that do not exist. */
export function archiveProblems(archive: LibraryArchive, language: string): string[] {
  const problems: string[] = [];
  if (archive.language !== language) problems.push(`it holds trophy names in ${archive.language}, and this server keeps them in ${language}`);
  const seen = new Set<string>();
  archive.titles.forEach((t, i) => {
    const where = `titles.${i} (${t.npCommunicationId})`;
    if (seen.has(t.npCommunicationId)) problems.push(`${where} appears twice`);
    seen.add(t.npCommunicationId);
    const ids = new Set<number>();
    const groups = new Set(t.groups.map((g) => g.id));
    for (const x of t.trophies) {
      if (ids.has(x.id)) problems.push(`${where}: trophy ${x.id} appears twice`);
      ids.add(x.id);
      if (groups.size > 0 && !groups.has(x.groupId)) problems.push(`${where}: trophy ${x.id} is in group "${x.groupId}", which the title does not have`);
      if (x.earned && x.earnedRate === null) problems.push(`${where}: trophy ${x.id} is earned but has no earnedRate`);
    }
    if (t.trophies.length > 0 && t.definitionsVersion === null) problems.push(`${where} has trophies but no definitionsVersion`);
  });
  return problems;
}
