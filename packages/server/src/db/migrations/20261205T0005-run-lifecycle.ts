/**
 * A run knows the job that runs it (so a job picked up again after a crash resumes the same run,
 * and the request that queued it can be followed) and when it was last heard of (so a run whose
 * process died is seen as interrupted instead of running forever).
 * @module
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('sync_runs').addColumn('job_id', 'text').execute();
  await db.schema.alterTable('sync_runs').addColumn('heartbeat_at', 'text').execute();
  await db.schema.createIndex('sync_runs_job').on('sync_runs').column('job_id').execute();
  await db.schema.createIndex('sync_runs_state').on('sync_runs').columns(['state', 'heartbeat_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('sync_runs_state').execute();
  await db.schema.dropIndex('sync_runs_job').execute();
  await db.schema.alterTable('sync_runs').dropColumn('heartbeat_at').execute();
  await db.schema.alterTable('sync_runs').dropColumn('job_id').execute();
}
