/**
 * Trophyroom in its users' world: webhooks and their delivery log (the outbox written in the
 * transaction that saw the event), public profile shares, what Sony granted on every link and
 * refresh with the connection's health (a Sony outage, a firewall block), and history marks that
 * keep what Sony once said (a title gone from the list, counts that dropped, a trophy withdrawn).
 * @module
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('webhooks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('events', 'text', (c) => c.notNull())
    .addColumn('secret_enc', 'text', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('webhooks_user').on('webhooks').column('user_id').execute();

  await db.schema
    .createTable('webhook_deliveries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('hook_id', 'text', (c) => c.notNull().references('webhooks.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('event_type', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('locked_until', 'text')
    .addColumn('last_status', 'integer')
    .addColumn('last_error', 'text')
    .addColumn('response_excerpt', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('delivered_at', 'text')
    .execute();
  // One delivery per hook and event, whoever records it and however often: a crash never sends twice.
  await db.schema.createIndex('webhook_deliveries_event').on('webhook_deliveries').columns(['hook_id', 'event_id']).unique().execute();
  await db.schema.createIndex('webhook_deliveries_due').on('webhook_deliveries').columns(['state', 'next_attempt_at']).execute();
  await db.schema.createIndex('webhook_deliveries_log').on('webhook_deliveries').columns(['hook_id', 'created_at']).execute();

  await db.schema
    .createTable('profile_shares')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('token', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('token_grants')
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('granted_at', 'text', (c) => c.notNull())
    .addColumn('refresh_lifetime_s', 'integer')
    .addColumn('access_lifetime_s', 'integer')
    .addColumn('refresh_expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('token_grants_user').on('token_grants').columns(['user_id', 'granted_at']).execute();

  await db.schema.alterTable('psn_connections').addColumn('health', 'text').execute();
  await db.schema.alterTable('psn_connections').addColumn('health_detail', 'text').execute();
  await db.schema.alterTable('psn_connections').addColumn('health_since', 'text').execute();
  await db.schema.alterTable('psn_connections').addColumn('health_retry_at', 'text').execute();
  await db.schema.alterTable('psn_connections').addColumn('refresh_granted_at', 'text').execute();
  await db.schema.alterTable('psn_connections').addColumn('refresh_lifetime_s', 'integer').execute();

  await db.schema.alterTable('user_titles').addColumn('psn_gone_at', 'text').execute();
  await db.schema.alterTable('user_titles').addColumn('psn_counts_dropped_at', 'text').execute();
  await db.schema.alterTable('user_trophies').addColumn('psn_withdrawn_at', 'text').execute();
  // The game JSON gains the history marks: rows are made again when read.
  await sql`update user_titles set view_json = null`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('user_trophies').dropColumn('psn_withdrawn_at').execute();
  await db.schema.alterTable('user_titles').dropColumn('psn_counts_dropped_at').execute();
  await db.schema.alterTable('user_titles').dropColumn('psn_gone_at').execute();
  for (const column of ['refresh_lifetime_s', 'refresh_granted_at', 'health_retry_at', 'health_since', 'health_detail', 'health'])
    await db.schema.alterTable('psn_connections').dropColumn(column).execute();
  await db.schema.dropTable('token_grants').execute();
  await db.schema.dropTable('profile_shares').execute();
  await db.schema.dropTable('webhook_deliveries').execute();
  await db.schema.dropTable('webhooks').execute();
}
