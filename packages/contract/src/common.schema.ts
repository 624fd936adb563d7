/** Shapes shared by several routes: trophy counts, the error body and its codes, the title fields. */
import { z } from 'zod';

export const counts = z.object({ bronze: z.int(), silver: z.int(), gold: z.int(), platinum: z.int() }).meta({ id: 'TrophyCounts' });

/** Every `error.code` the API answers with (packages/server/docs/http-api.md lists their statuses). */
export const errorCode = z.enum([
  'invalid_request',
  'invalid_cursor',
  'npsso_malformed',
  'unknown_titles',
  'unauthenticated',
  'invalid_credentials',
  'forbidden',
  'origin_mismatch',
  'signup_closed',
  'not_found',
  'not_connected',
  'username_taken',
  'weak_password',
  'unknown_host',
  'psn_reconnect_required',
  'too_large',
  'npsso_rejected',
  'too_many_attempts',
  'psn_refused',
  'psn_unavailable',
  'psn_rate_limited',
  'internal',
  'webhook_url_refused',
  'too_many_webhooks',
  'library_not_empty',
  'invalid_archive',
  'run_not_open',
  'run_not_paused',
]);
export type ErrorCode = z.output<typeof errorCode>;

export const apiError = z
  .object({
    error: z.object({
      code: errorCode.meta({ description: 'Stable, snake_case: what went wrong' }),
      message: z.string().meta({ description: 'What a person can do about it' }),
      details: z.record(z.string(), z.unknown()).optional(),
    }),
  })
  .meta({ id: 'Error' });

export const npCommunicationId = z.string().regex(/^NPWR\d{5}_\d{2}$/, 'an npCommunicationId looks like NPWR12345_00');

/** What the picker and the library both say of a title: its name, platforms, counts and times. */
export const titleFields = z.object({
  npCommunicationId: z.string(),
  name: z.string(),
  iconUrl: z.string(),
  platforms: z.array(z.string()),
  progress: z.int(),
  earned: counts,
  defined: counts,
  lastUpdatedAt: z.string(),
  lastPlayedAt: z.string().nullable(),
  playSeconds: z.int().nullable(),
});
