/**
 * The library archive: the whole library of a user — every title of the PSN list with Sony's
 * counts and times and the history marks, each imported title's groups and trophy definitions
 * with the earned state — as `GET /api/library/export` writes it and `POST /api/library/import`
 * reads it back into an empty library.
 */
import { z } from 'zod';
import { counts } from './common.schema.ts';

const when = z.string().max(40);
const trophyType = z.enum(['bronze', 'silver', 'gold', 'platinum']);

export const archiveTrophy = z.object({
  id: z.int().min(0),
  groupId: z.string().min(1).max(20),
  type: trophyType,
  hidden: z.boolean(),
  name: z.string().max(2000),
  detail: z.string().max(5000),
  iconUrl: z.string().max(2000),
  progressTarget: z.number().nullable(),
  rewardName: z.string().max(2000).nullable(),
  rewardImageUrl: z.string().max(2000).nullable(),
  /** The player's state; null when it was never fetched. */
  earned: z.boolean().nullable(),
  earnedAt: when.nullable(),
  progress: z.number().nullable(),
  earnedRate: z.number().nullable(),
  rarity: z.int().nullable(),
  withdrawnAt: when.nullable(),
});

export const archiveGroup = z.object({
  id: z.string().min(1).max(20),
  name: z.string().max(2000),
  detail: z.string().max(5000).nullable(),
  iconUrl: z.string().max(2000),
  defined: counts,
});

export const archiveTitle = z.object({
  npCommunicationId: z.string().regex(/^NPWR\d{5}_\d{2}$/, 'an npCommunicationId looks like NPWR12345_00'),
  npServiceName: z.enum(['trophy', 'trophy2']),
  name: z.string().max(2000),
  detail: z.string().max(5000).nullable(),
  iconUrl: z.string().max(2000),
  platform: z.string().max(100),
  trophySetVersion: z.string().max(40),
  hasTrophyGroups: z.boolean(),
  hidden: z.boolean(),
  picked: z.boolean(),
  progress: z.int().min(0).max(100),
  defined: counts,
  earned: counts,
  lastUpdatedAt: when,
  lastPlayedAt: when.nullable(),
  playSeconds: z.int().nullable(),
  syncedAt: when.nullable(),
  definitionsVersion: z.string().max(40).nullable(),
  firstSeenAt: when,
  goneFromPsnAt: when.nullable(),
  countsDroppedAt: when.nullable(),
  groups: z.array(archiveGroup),
  trophies: z.array(archiveTrophy),
});

export const libraryArchive = z
  .object({
    format: z.literal('trophyroom-library', { error: 'this is not a Trophyroom library export (its "format" is not "trophyroom-library")' }),
    version: z.literal(1, { error: 'this export is of a version this server does not read (expected 1)' }),
    exportedAt: when,
    language: z.string().max(20),
    account: z.object({ onlineId: z.string().max(100) }).nullable(),
    titles: z.array(archiveTitle),
  })
  .meta({ id: 'LibraryArchive' });

export const libraryImportResponse = z.object({ titles: z.int(), trophies: z.int() });
