/** Sync runs: what a title-list fetch, an import or a sync did, with progress and errors. */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, SyncRun, SyncRunKind, SyncRunsTable } from '../db/schema.ts';

export interface RunError {
  npCommunicationId: string | null;
  kind: string;
  message: string;
  /** When the title is tried again: later in the same run, or by a retry pass; absent or null when not. */
  retryAt?: string | null;
}

export class SyncRunsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async start(
    userId: string,
    kind: SyncRunKind,
    total: number,
    now: string,
    options: { jobId?: string | null; newTitles?: string[]; requests?: number; remainingRequests?: number } = {},
  ): Promise<SyncRun> {
    const run: SyncRunsTable = {
      id: randomUUID(),
      user_id: userId,
      kind,
      state: 'running',
      total,
      done: 0,
      current: null,
      errors: '[]',
      new_titles: JSON.stringify(options.newTitles ?? []),
      requests: options.requests ?? 0,
      started_at: now,
      finished_at: null,
      job_id: options.jobId ?? null,
      heartbeat_at: now,
      remaining_requests: options.remainingRequests ?? 0,
      priority: '[]',
    };
    await this.db.insertInto('sync_runs').values(run).execute();
    return run;
  }

  get(id: string): Promise<SyncRun | undefined> {
    return this.db.selectFrom('sync_runs').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async update(id: string, changes: Partial<SyncRunsTable>): Promise<void> {
    await this.db.updateTable('sync_runs').set(changes).where('id', '=', id).execute();
  }

  /** Whether the user has a run of `kind` that has not ended. */
  async hasOpen(userId: string, kind: SyncRunKind): Promise<boolean> {
    const row = await this.db
      .selectFrom('sync_runs')
      .select('id')
      .where('user_id', '=', userId)
      .where('kind', '=', kind)
      .where('state', 'in', ['running', 'waiting', 'paused', 'interrupted'])
      .executeTakeFirst();
    return row !== undefined;
  }

  /** A run to go on with by its id (after giving way to a sync, or resumed after a pause). */
  continuable(id: string): Promise<SyncRun | undefined> {
    return this.db.selectFrom('sync_runs').selectAll().where('id', '=', id).where('state', 'in', ['running', 'waiting', 'interrupted']).executeTakeFirst();
  }

  /** The run a job left unfinished (running when its process died, or interrupted), to resume. */
  resumable(jobId: string): Promise<SyncRun | undefined> {
    return this.db
      .selectFrom('sync_runs')
      .selectAll()
      .where('job_id', '=', jobId)
      .where('state', 'in', ['running', 'waiting', 'interrupted'])
      .orderBy('started_at', 'desc')
      .limit(1)
      .executeTakeFirst();
  }

  /** The newest run of a job (what the request that queued it follows). */
  ofJob(jobId: string): Promise<SyncRun | undefined> {
    return this.db.selectFrom('sync_runs').selectAll().where('job_id', '=', jobId).orderBy('started_at', 'desc').limit(1).executeTakeFirst();
  }

  /** Ends as `interrupted` the running runs whose last sign of life is before `staleBefore`; returns how many. */
  async interruptStale(staleBefore: string, now: string): Promise<number> {
    const result = await this.db
      .updateTable('sync_runs')
      .set({ state: 'interrupted', current: null, finished_at: now })
      .where('state', '=', 'running')
      .where((eb) => eb.or([eb('heartbeat_at', '<', staleBefore), eb.and([eb('heartbeat_at', 'is', null), eb('started_at', '<', staleBefore)])]))
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  latest(userId: string): Promise<SyncRun | undefined> {
    return this.db.selectFrom('sync_runs').selectAll().where('user_id', '=', userId).orderBy('started_at', 'desc').limit(1).executeTakeFirst();
  }

  /** The user's runs, newest first. */
  list(userId: string, limit: number): Promise<SyncRun[]> {
    return this.db.selectFrom('sync_runs').selectAll().where('user_id', '=', userId).orderBy('started_at', 'desc').orderBy('id').limit(limit).execute();
  }

  /** The user's runs still going, or started or finished since `since`. */
  recent(userId: string, since: string): Promise<SyncRun[]> {
    return this.db
      .selectFrom('sync_runs')
      .selectAll()
      .where('user_id', '=', userId)
      .where((eb) => eb.or([eb('state', 'in', ['running', 'waiting', 'paused']), eb('started_at', '>=', since), eb('finished_at', '>=', since)]))
      .orderBy('started_at')
      .execute();
  }

  /** Runs by kind and state over the instance (for the metrics). */
  async counts(): Promise<Array<{ kind: string; state: string; count: number }>> {
    const rows = await this.db
      .selectFrom('sync_runs')
      .select(['kind', 'state', (eb) => eb.fn.countAll<number | string>().as('n')])
      .groupBy(['kind', 'state'])
      .execute();
    return rows.map((r) => ({ kind: r.kind, state: r.state, count: Number(r.n) }));
  }

  /** Start and finish times of runs finished since `since` (for the duration metrics). */
  finishedSince(since: string) {
    return this.db.selectFrom('sync_runs').select(['kind', 'started_at', 'finished_at']).where('finished_at', '>=', since).execute();
  }
}
