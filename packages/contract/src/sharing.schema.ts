/** Sharing: the opt-in public profile (off by default, a new URL on every enable) and what it shows. */
import { z } from 'zod';
import { counts } from './common.schema.ts';

export const sharing = z
  .object({
    enabled: z.boolean(),
    url: z.string().nullable().meta({ description: 'The public page, reachable signed out; null while sharing is off' }),
    cardUrl: z.string().nullable().meta({ description: 'The image card link previews show' }),
    since: z.string().nullable(),
  })
  .meta({ id: 'Sharing' });
export const sharingResponse = z.object({ sharing });

const publicIcon = z
  .string()
  .nullable()
  .meta({ description: 'On our origin, under the share (`/api/public/profiles/{token}/images/…`); null when there is none to show' });

const publicGame = z.object({
  name: z.string(),
  iconUrl: publicIcon,
  platforms: z.array(z.string()),
  progress: z.int(),
  earned: counts,
  defined: counts,
  platinumEarned: z.boolean(),
  lastUpdatedAt: z.string(),
});

export const publicProfile = z
  .object({
    name: z.string().meta({ description: 'The PlayStation online id (or the Trophyroom name when none is connected)' }),
    level: z.int(),
    tier: z.int(),
    points: z.int(),
    earned: counts,
    platinums: z.int(),
    games: z.int(),
    completed: z.int(),
    platinumCabinet: z.array(publicGame.extend({ earnedAt: z.string().nullable() })),
    recentGames: z.array(publicGame),
    recentTrophies: z.array(
      z.object({
        game: z.string(),
        type: z.enum(['bronze', 'silver', 'gold', 'platinum']),
        name: z.string().meta({ description: '“Secret trophy” for a hidden one' }),
        detail: z.string(),
        iconUrl: publicIcon,
        masked: z.boolean().meta({ description: 'A secret trophy: name, detail and icon withheld' }),
        earnedAt: z.string().nullable(),
      }),
    ),
  })
  .meta({ id: 'PublicProfile' });
export const publicProfileResponse = z.object({ profile: publicProfile });
