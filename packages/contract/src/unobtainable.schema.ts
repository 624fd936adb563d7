/** Trophies flagged unobtainable (servers shut down, glitched): by hand, or from an imported list with its source. */
import { z } from 'zod';
import { npCommunicationId } from './common.schema.ts';

const trophyRef = z.object({ npCommunicationId, trophyId: z.int().min(0) });

export const unobtainableBody = trophyRef.extend({ note: z.string().max(500).optional() });

export const unobtainableImport = z
  .object({
    source: z.string().trim().min(1).max(200).meta({ description: 'Where the list comes from (a site, a guide, a forum thread)' }),
    trophies: z
      .array(trophyRef.extend({ note: z.string().max(500).optional() }))
      .min(1)
      .max(50_000),
  })
  .meta({ id: 'UnobtainableList' });

export const unobtainableTrophy = trophyRef
  .extend({ title: z.string(), name: z.string(), source: z.string(), note: z.string().nullable(), flaggedAt: z.string(), earned: z.boolean() })
  .meta({ id: 'UnobtainableTrophy' });

export const unobtainableList = z.object({ items: z.array(unobtainableTrophy) });
export const unobtainableImported = z.object({ flagged: z.int(), titles: z.int() });
