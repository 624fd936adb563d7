/** The picker, import, sync and their runs. */
import { z } from 'zod';
import { npCommunicationId, titleFields } from './common.schema.ts';
import { runKind, runState } from './connection.schema.ts';

export const pickerQuery = z.object({
  q: z.string().max(200).optional(),
  platform: z.string().max(16).optional(),
  cursor: z
    .string()
    .max(1000)
    .regex(/^[\w-]+$/, 'use the nextCursor of the previous page')
    .optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
  recentDays: z.coerce.number().int().min(0).max(3650).default(30),
});

export const pickerEntry = titleFields.extend({ hidden: z.boolean(), picked: z.boolean(), preselected: z.boolean() }).meta({ id: 'PickerEntry' });

export const pickerResponse = z.object({
  state: z.enum(['loading', 'ready']),
  total: z.int(),
  preselected: z.int(),
  items: z.array(pickerEntry),
  nextCursor: z.string().nullable(),
});

export const pickerIdsQuery = z.object({
  preselected: z.enum(['true', 'false']).default('false'),
  q: z.string().max(200).optional(),
  platform: z.string().max(16).optional(),
  recentDays: z.coerce.number().int().min(0).max(3650).default(30),
});
export const pickerIdsResponse = z.object({ ids: z.array(z.string()) });

export const importBody = z.object({ npCommunicationIds: z.array(npCommunicationId).min(1).max(20_000) });
export const jobResponse = z.object({
  jobId: z.string().meta({ description: 'The queued job; its run carries the same `jobId` (follow it on /api/sync/events, or /api/sync/runs?jobId=)' }),
});

export const runError = z.object({
  npCommunicationId: z.string().nullable(),
  kind: z.string(),
  message: z.string(),
  /** When the title is tried again: later in this run, or by a retry pass; null when not by itself. */
  retryAt: z.string().nullable(),
});

export const run = z
  .object({
    id: z.string(),
    kind: runKind,
    state: runState,
    total: z.int(),
    done: z.int(),
    current: z.string().nullable(),
    errors: z.array(runError),
    newTitles: z.array(z.string()),
    requests: z.int(),
    startedAt: z.string(),
    finishedAt: z.string().nullable(),
    /** The job running it (what `POST /api/psn/import` and `/api/psn/sync` answered); null for runs without one. */
    jobId: z.string().nullable(),
    remainingRequests: z.int().meta({ description: 'PSN requests the run still needs (0 once it ended)' }),
    estimatedSecondsLeft: z.number().nullable().meta({
      description:
        "Time left, from the requests still needed and the account's budget (about 300 requests per 15 minutes); null once the run ended or while paused",
    }),
    estimatedFinishAt: z.string().nullable().meta({ description: 'When the run should end at that pace (ISO); null once it ended or while paused' }),
    priority: z.array(z.string()).meta({ description: 'Titles the user asked for first ("this game first"), in order' }),
  })
  .meta({ id: 'SyncRun' });

export const runsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  jobId: z.string().max(100).optional().meta({ description: 'Only the run of this job' }),
});
export const runsResponse = z.object({ items: z.array(run) });
export const runResponse = z.object({ run });

/** "This game first": the titles an import fetches before the rest, in order. */
export const prioritiseBody = z.object({ npCommunicationIds: z.array(npCommunicationId).min(1).max(100) });
