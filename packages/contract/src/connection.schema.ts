/** The PSN connection. */
import { z } from 'zod';

export const connectBody = z.object({
  npsso: z.string().min(1, 'paste the npsso value').max(4096).meta({ description: 'The 64-character NPSSO, or the whole `{"npsso":"…"}` JSON' }),
});

export const connectionPatch = z.object({ autoImport: z.boolean() });

/**
 * `running`, `waiting` (an import giving way to a sync of the same account; it goes on by itself)
 * or `paused` (by the user, until resumed), then one end: `succeeded`, `partial` (some titles
 * failed), `failed`, or `interrupted` (its process stopped; its job resumes the same run).
 */
export const runState = z.enum(['running', 'waiting', 'paused', 'succeeded', 'partial', 'failed', 'interrupted']);
export const runKind = z.enum(['title-list', 'import', 'sync']);

export const connection = z
  .object({
    onlineId: z.string(),
    accountId: z.string(),
    state: z.enum(['active', 'expired', 'revoked', 'error']),
    stateDetail: z.string().nullable(),
    countdown: z.object({ state: z.enum(['green', 'amber', 'red', 'expired']), daysLeft: z.int(), expiresAt: z.string() }),
    shortTokenReason: z.string().nullable(),
    connectedAt: z.string(),
    autoImport: z.boolean(),
    titleList: z.enum(['loading', 'ready']),
    lastSync: z.object({ runId: z.string(), kind: runKind, state: runState, at: z.string() }).nullable(),
    health: z
      .object({
        kind: z.enum(['ok', 'reconnect', 'sony_outage', 'edge_blocked']),
        message: z.string().nullable(),
        since: z.string().nullable(),
        retryAt: z.string().nullable().meta({ description: 'When syncing is tried again by itself (an outage or block)' }),
      })
      .meta({
        description:
          '`reconnect`: the token is dead (paste a new NPSSO); `sony_outage`: Sony’s sign-in is failing (retried with backoff); `edge_blocked`: Sony’s firewall refused us (we back off)',
      }),
    grant: z
      .object({ grantedAt: z.string(), lifetimeSeconds: z.int(), lifetimeDays: z.int() })
      .nullable()
      .meta({ description: 'What Sony granted at the last link: when, and the refresh token’s life as Sony stated it' }),
  })
  .meta({ id: 'Connection' });

/** `GET`: the connection, or null when none. */
export const connectionResponse = z.object({ connection: connection.nullable() });
/** After connecting or changing it: there is one. */
export const connectedResponse = z.object({ connection });
export const disconnectQuery = z.object({ wipe: z.enum(['true', 'false']).default('false') });
export const disconnectResponse = z.object({ disconnected: z.boolean(), wiped: z.boolean() });
