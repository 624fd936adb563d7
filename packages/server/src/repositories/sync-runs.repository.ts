/** Sync runs: what a title-list fetch, an import or a sync did, with progress and errors. */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, SyncRun, SyncRunKind, SyncRunsTable } from '../db/schema.ts';

export interface RunError {
  npCommunicationId: string | null;
  kind: string;
  message: string;
}

export class SyncRunsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async start(userId: string, kind: SyncRunKind, total: number, now: string): Promise<SyncRun> {
    const run: SyncRunsTable = {
      id: randomUUID(),
      user_id: userId,
      kind,
      state: 'running',
      total,
      done: 0,
      current: null,
      errors: '[]',
      new_titles: '[]',
      requests: 0,
      started_at: now,
      finished_at: null,
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
      .where((eb) => eb.or([eb('state', '=', 'running'), eb('started_at', '>=', since), eb('finished_at', '>=', since)]))
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
