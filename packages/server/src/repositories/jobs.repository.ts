/**
 * Persisted jobs. A job is claimed with a lease (`locked_until`): a worker that dies leaves its
 * job to be claimed again once the lease runs out, so nothing is lost. Claims are compare-and-set
 * updates, safe between processes on SQLite and PostgreSQL alike.
 * @module
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, Job } from '../db/schema.ts';

export class JobsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Queues a job, or returns the queued or running job of the same `singletonKey` (one sync per
   * connection at a time). A unique index makes this hold between processes too.
   */
  async enqueue(name: string, payload: unknown, options: { singletonKey?: string; runAt: string; now: string }): Promise<{ job: Job; created: boolean }> {
    const job: Job = {
      id: randomUUID(),
      name,
      payload: JSON.stringify(payload),
      state: 'queued',
      singleton_key: options.singletonKey ?? null,
      run_at: options.runAt,
      attempts: 0,
      last_error: null,
      locked_until: null,
      created_at: options.now,
      updated_at: options.now,
    };
    try {
      await this.db.insertInto('jobs').values(job).execute();
      return { job, created: true };
    } catch (error) {
      if (!options.singletonKey || !isUniqueViolation(error)) throw error;
      const existing = await this.db
        .selectFrom('jobs')
        .selectAll()
        .where('singleton_key', '=', options.singletonKey)
        .where('state', 'in', ['queued', 'running'])
        .executeTakeFirst();
      if (!existing) throw error;
      return { job: existing, created: false };
    }
  }

  /** Claims the oldest due job (queued, or running with an expired lease) for `leaseMs`. */
  async claim(now: string, leaseUntil: string, names: readonly string[]): Promise<Job | undefined> {
    for (let tries = 0; tries < 5; tries++) {
      const candidate = await this.db
        .selectFrom('jobs')
        .selectAll()
        .where('name', 'in', [...names])
        .where((eb) =>
          eb.or([eb.and([eb('state', '=', 'queued'), eb('run_at', '<=', now)]), eb.and([eb('state', '=', 'running'), eb('locked_until', '<', now)])]),
        )
        .orderBy('run_at')
        .orderBy('created_at')
        .limit(1)
        .executeTakeFirst();
      if (!candidate) return undefined;
      const result = await this.db
        .updateTable('jobs')
        .set({ state: 'running', locked_until: leaseUntil, attempts: candidate.attempts + 1, updated_at: now })
        .where('id', '=', candidate.id)
        .where('updated_at', '=', candidate.updated_at)
        .where('state', '=', candidate.state)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 1)
        return { ...candidate, state: 'running', locked_until: leaseUntil, attempts: candidate.attempts + 1, updated_at: now };
      // Another worker took it first: look again.
    }
    return undefined;
  }

  // Every write after the claim carries the claim's attempt number: a worker that lost its lease
  // (another worker re-claimed the job) can no longer touch the job. Each returns whether it did.

  /** Extends a running job's lease (a heartbeat while it works). */
  async extend(id: string, attempt: number, leaseUntil: string, now: string): Promise<boolean> {
    const r = await this.db
      .updateTable('jobs')
      .set({ locked_until: leaseUntil, updated_at: now })
      .where('id', '=', id)
      .where('state', '=', 'running')
      .where('attempts', '=', attempt)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async complete(id: string, attempt: number, now: string): Promise<boolean> {
    const r = await this.db
      .updateTable('jobs')
      .set({ state: 'done', locked_until: null, updated_at: now })
      .where('id', '=', id)
      .where('state', '=', 'running')
      .where('attempts', '=', attempt)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** Records a failure: queued again at `retryAt`, or failed for good (dead letter) when undefined. */
  async fail(id: string, attempt: number, error: string, now: string, retryAt: string | undefined): Promise<boolean> {
    const r = await this.db
      .updateTable('jobs')
      .set(
        retryAt
          ? { state: 'queued', run_at: retryAt, last_error: error, locked_until: null, updated_at: now }
          : { state: 'failed', last_error: error, locked_until: null, updated_at: now },
      )
      .where('id', '=', id)
      .where('state', '=', 'running')
      .where('attempts', '=', attempt)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** Gives a running job back to the queue at once (graceful shutdown). */
  async release(id: string, attempt: number, now: string): Promise<boolean> {
    const r = await this.db
      .updateTable('jobs')
      .set({ state: 'queued', run_at: now, locked_until: null, updated_at: now })
      .where('id', '=', id)
      .where('state', '=', 'running')
      .where('attempts', '=', attempt)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** Drops the queued jobs of a user (after a disconnect), so nothing runs for them later. */
  async cancelQueuedFor(userId: string): Promise<void> {
    const queued = await this.db.selectFrom('jobs').select(['id', 'payload']).where('state', '=', 'queued').execute();
    const ids = queued.filter((j) => (JSON.parse(j.payload) as { userId?: string }).userId === userId).map((j) => j.id);
    if (ids.length) await this.db.deleteFrom('jobs').where('id', 'in', ids).where('state', '=', 'queued').execute();
  }

  /** The queued or running job holding a singleton key, if any. */
  pending(singletonKey: string): Promise<Job | undefined> {
    return this.db.selectFrom('jobs').selectAll().where('singleton_key', '=', singletonKey).where('state', 'in', ['queued', 'running']).executeTakeFirst();
  }

  /** How many jobs are in each state (the queue depth, for the metrics). */
  async depth(): Promise<Array<{ name: string; state: string; count: number }>> {
    const rows = await this.db
      .selectFrom('jobs')
      .select(['name', 'state', (eb) => eb.fn.countAll<number | string>().as('n')])
      .groupBy(['name', 'state'])
      .execute();
    return rows.map((r) => ({ name: r.name, state: r.state, count: Number(r.n) }));
  }

  get(id: string): Promise<Job | undefined> {
    return this.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
  }

  byState(state: Job['state']): Promise<Job[]> {
    return this.db.selectFrom('jobs').selectAll().where('state', '=', state).orderBy('created_at').execute();
  }
}

/** Whether a database error is a unique-constraint violation (SQLite or PostgreSQL). */
function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: string }).code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
