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
   * connection at a time).
   */
  async enqueue(name: string, payload: unknown, options: { singletonKey?: string; runAt: string; now: string }): Promise<{ job: Job; created: boolean }> {
    if (options.singletonKey) {
      const existing = await this.db
        .selectFrom('jobs')
        .selectAll()
        .where('singleton_key', '=', options.singletonKey)
        .where('state', 'in', ['queued', 'running'])
        .executeTakeFirst();
      if (existing) return { job: existing, created: false };
    }
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
    await this.db.insertInto('jobs').values(job).execute();
    return { job, created: true };
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

  /** Extends a running job's lease (a heartbeat while it works). */
  async extend(id: string, leaseUntil: string, now: string): Promise<void> {
    await this.db.updateTable('jobs').set({ locked_until: leaseUntil, updated_at: now }).where('id', '=', id).where('state', '=', 'running').execute();
  }

  async complete(id: string, now: string): Promise<void> {
    await this.db.updateTable('jobs').set({ state: 'done', locked_until: null, updated_at: now }).where('id', '=', id).execute();
  }

  /** Records a failure: queued again at `retryAt`, or failed for good (dead letter) when undefined. */
  async fail(id: string, error: string, now: string, retryAt: string | undefined): Promise<void> {
    await this.db
      .updateTable('jobs')
      .set(
        retryAt
          ? { state: 'queued', run_at: retryAt, last_error: error, locked_until: null, updated_at: now }
          : { state: 'failed', last_error: error, locked_until: null, updated_at: now },
      )
      .where('id', '=', id)
      .execute();
  }

  /** Gives a running job back to the queue at once (graceful shutdown). */
  async release(id: string, now: string): Promise<void> {
    await this.db
      .updateTable('jobs')
      .set({ state: 'queued', run_at: now, locked_until: null, updated_at: now })
      .where('id', '=', id)
      .where('state', '=', 'running')
      .execute();
  }

  get(id: string): Promise<Job | undefined> {
    return this.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
  }

  byState(state: Job['state']): Promise<Job[]> {
    return this.db.selectFrom('jobs').selectAll().where('state', '=', state).orderBy('created_at').execute();
  }
}
