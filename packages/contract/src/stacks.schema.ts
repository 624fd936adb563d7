/** Stacks: the PS3/PS4/PS5/Vita lists of one game shown together; artwork served from our origin. */
import { z } from 'zod';
import { counts, npCommunicationId } from './common.schema.ts';

export const stackVersion = z
  .object({
    npCommunicationId: z.string(),
    name: z.string(),
    iconUrl: z.string().meta({ description: 'Our own image URL (`/api/images/…`) when the icon is on an allowed host' }),
    platforms: z.array(z.string()),
    progress: z.int(),
    earned: counts,
    defined: counts,
    platinumEarned: z.boolean(),
    lastUpdatedAt: z.string(),
  })
  .meta({ id: 'StackVersion' });

export const stack = z
  .object({
    id: z.string().meta({ description: 'Opaque: `set:…` when the trophy sets match, `hand:…` when joined by hand' }),
    name: z.string().meta({ description: 'The name of its most recently updated version' }),
    iconUrl: z.string(),
    joinedByHand: z.boolean(),
    versions: z.array(stackVersion).meta({ description: 'Two or more lists, most recently updated first' }),
  })
  .meta({ id: 'Stack' });

export const stacksQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

export const stacksResponse = z.object({
  items: z.array(stack),
  total: z.int().meta({ description: 'Stacks in the library' }),
  nextOffset: z.int().nullable(),
});

export const stackOfResponse = z.object({ stack: stack.nullable().meta({ description: 'Null when the game stacks with nothing' }) });

export const splitStackBody = z.object({ npCommunicationId });
export const joinStackBody = z.object({
  npCommunicationIds: z.array(z.string().min(1).max(40)).min(2).max(10).meta({ description: 'The lists to stack together (and what they stack with now)' }),
});
export const joinStackResponse = z.object({ stack });
