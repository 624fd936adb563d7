/**
 * The store's tables as Kysely types. One schema for SQLite and PostgreSQL: times are ISO-8601
 * text (UTC, sortable), flags are integers 0/1, ids are text, so both dialects read back the same
 * values.
 * @module
 */
import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

export interface UsersTable {
  id: string;
  /** Unique regardless of case. */
  name: string;
  created_at: string;
  /** scrypt hash (`scrypt$N$r$p$salt$hash`); null for users made outside the HTTP API. */
  password_hash: string | null;
  admin: Generated<number>;
}

export interface SessionsTable {
  /** SHA-256 of the cookie value: the database never holds a usable session. */
  id_hash: string;
  user_id: string;
  created_at: string;
  expires_at: string;
}

export interface ApiTokensTable {
  id: string;
  user_id: string;
  name: string;
  /** SHA-256 of the token, shown to the user once. */
  token_hash: string;
  created_at: string;
  last_used_at: string | null;
}

export interface SettingsTable {
  key: string;
  value: string;
}

export type ConnectionState = 'active' | 'expired' | 'revoked' | 'error';

export interface PsnConnectionsTable {
  /** One PSN account per app user. */
  user_id: string;
  account_id: string;
  online_id: string;
  /** AES-256-GCM ciphertext (vault); never the token in clear. */
  refresh_token_enc: string;
  access_token_enc: string | null;
  access_expires_at: string | null;
  refresh_expires_at: string;
  /** Set when Sony gave a token much shorter than 60 days at connect time. */
  short_token_reason: string | null;
  state: ConnectionState;
  state_detail: string | null;
  auto_import: number;
  connected_at: string;
  last_sync_at: string | null;
  last_sync_run_id: string | null;
  updated_at: string;
  /** Why syncing is held back though the token is good: Sony's sign-in failing (`signin_outage`), or its firewall blocking us (`edge_blocked`). */
  health: ConnectionHealth | null;
  health_detail: string | null;
  health_since: string | null;
  /** When the next sync is tried (backoff). */
  health_retry_at: string | null;
  /** When Sony granted the refresh token in use, and its lifetime then (seconds), as Sony stated it. */
  refresh_granted_at: string | null;
  refresh_lifetime_s: number | null;
  /** When the title list was last read whole (a daily sync reads only the pages that changed; a weekly one reads all). */
  title_list_full_at: string | null;
}

export type ConnectionHealth = 'signin_outage' | 'edge_blocked';

export interface TitlesTable {
  np_communication_id: string;
  language: string;
  trophy_set_version: string;
  np_service_name: string;
  name: string;
  detail: string | null;
  icon_url: string;
  platform: string;
  has_trophy_groups: number;
  defined_bronze: number;
  defined_silver: number;
  defined_gold: number;
  defined_platinum: number;
  fetched_at: string;
  /** The base game's trophies by grade and name, hashed (`trophySetSignature`): the versions of one game share it. */
  set_signature: string | null;
}

/** A user's own stack change: lists with the same key form one stack (`solo:…` keeps a list alone). */
export interface StackLinksTable {
  user_id: string;
  np_communication_id: string;
  stack_key: string;
  created_at: string;
}

export interface TitleGroupsTable {
  np_communication_id: string;
  language: string;
  group_id: string;
  name: string;
  detail: string | null;
  icon_url: string;
  defined_bronze: number;
  defined_silver: number;
  defined_gold: number;
  defined_platinum: number;
}

export interface TrophyDefinitionsTable {
  np_communication_id: string;
  language: string;
  trophy_id: number;
  group_id: string;
  type: string;
  hidden: number;
  name: string;
  detail: string;
  icon_url: string;
  progress_target: number | null;
  reward_name: string | null;
  reward_image_url: string | null;
}

export interface UserTitlesTable {
  user_id: string;
  np_communication_id: string;
  np_service_name: string;
  name: string;
  icon_url: string;
  platform: string;
  trophy_set_version: string;
  has_trophy_groups: number;
  picked: number;
  hidden: number;
  progress: number;
  defined_bronze: number;
  defined_silver: number;
  defined_gold: number;
  defined_platinum: number;
  earned_bronze: number;
  earned_silver: number;
  earned_gold: number;
  earned_platinum: number;
  last_updated_at: string;
  last_played_at: string | null;
  play_seconds: number | null;
  /** The title list's `lastUpdatedDateTime` when earned trophies were last fetched. */
  earned_synced_at: string | null;
  /** The definitions version the stored trophies belong to. */
  definitions_version: string | null;
  first_seen_at: string;
  /** 0 while a sync found the title and has not reported it as new yet. */
  announced: number;
  /** The title as the API's game JSON, rewritten by every library write (null: made when read). */
  view_json: string | null;
  /** When a full title list no longer had it (its data is kept); null while Sony lists it. */
  psn_gone_at: string | null;
  /** When Sony's earned counts for it dropped (the higher counts are kept); null otherwise. */
  psn_counts_dropped_at: string | null;
  /** What it stacks by (`db/stack-keys.ts`): the user's link, else `set:` and its trophy set's signature; null while no set is stored. */
  set_key: string | null;
  /** `set_key` while another title of the user shares it; null for a title that stacks with nothing. */
  stack_key: string | null;
  /** When the first trophy was earned (facts kept by `db/title-facts.ts`). */
  first_earned_at: string | null;
  /** When the platinum was earned. */
  platinum_earned_at: string | null;
  /** Obtainable base-game (`default` group) trophies not earned; null until the title's trophies are stored. */
  base_missing: number | null;
  /** Obtainable DLC trophies not earned; null until the title's trophies are stored. */
  dlc_missing: number | null;
  dlc_groups: number;
  /** Trophies flagged unobtainable and not earned, and their points (platinum aside, as in progress). */
  unobtainable: number;
  unobtainable_points: number;
}

export interface UserTrophiesTable {
  user_id: string;
  np_communication_id: string;
  trophy_id: number;
  earned: number;
  earned_at: string | null;
  progress: number | null;
  earned_rate: number;
  rarity: number;
  /** When Sony stopped saying it is earned (it stays earned here, with its date). */
  psn_withdrawn_at: string | null;
}

/** A trophy the user flagged unobtainable (servers shut, glitched): by hand, or from an imported list. */
export interface UnobtainableTrophiesTable {
  user_id: string;
  np_communication_id: string;
  trophy_id: number;
  /** `manual`, or where an imported list came from. */
  source: string;
  note: string | null;
  flagged_at: string;
}

export type JobState = 'queued' | 'running' | 'done' | 'failed';

export interface JobsTable {
  id: string;
  name: string;
  payload: string;
  state: JobState;
  singleton_key: string | null;
  run_at: string;
  attempts: number;
  last_error: string | null;
  locked_until: string | null;
  created_at: string;
  updated_at: string;
}

export type SyncRunKind = 'title-list' | 'import' | 'sync';
/**
 * `running` while its job works on it (and its heartbeat is fresh); it always ends as `succeeded`,
 * `partial`, `failed` or `interrupted` (its process stopped or died: the job resumes the same run).
 */
export type SyncRunState = 'running' | 'waiting' | 'paused' | 'succeeded' | 'partial' | 'failed' | 'interrupted';

export interface SyncRunsTable {
  id: string;
  user_id: string;
  kind: SyncRunKind;
  state: SyncRunState;
  total: number;
  done: number;
  current: string | null;
  /** JSON array of `{npCommunicationId, kind, message}`. */
  errors: string;
  /** JSON array of npCommunicationIds new since the previous sync. */
  new_titles: string;
  requests: number;
  started_at: string;
  finished_at: string | null;
  /** The job that runs it: a job picked up again (after a crash or a stop) resumes this run. */
  job_id: string | null;
  /** Last sign of life while running; a stale one means its process died. */
  heartbeat_at: string | null;
  /** PSN requests the run still needs (its estimate of the time left is made from these and the budget's pace). */
  remaining_requests: number;
  /** JSON array of npCommunicationIds the user wants imported first. */
  priority: string;
}

/** One request sent under a PSN account's budget key (the shared rate budget). */
export interface PsnBudgetSendsTable {
  key: string;
  /** ms since the epoch (PostgreSQL returns bigint as text: read through `Number`). */
  sent_at: number | string;
}

/** A budget key refused until `blocked_until` (ms) after Sony answered 429. */
export interface PsnBudgetBlocksTable {
  key: string;
  blocked_until: number | string;
}

export type WebhookFormat = 'json' | 'discord' | 'ntfy';

export interface WebhooksTable {
  id: string;
  user_id: string;
  url: string;
  format: WebhookFormat;
  /** JSON array of event types. */
  events: string;
  /** The signing secret, vault ciphertext. */
  secret_enc: string;
  enabled: number;
  created_at: string;
}

/** `pending` (due at `next_attempt_at`), `sending` (claimed until `locked_until`), `delivered`, or `failed` (given up). */
export type DeliveryState = 'pending' | 'sending' | 'delivered' | 'failed';

export interface WebhookDeliveriesTable {
  id: string;
  hook_id: string;
  user_id: string;
  /** Stable per event: the receiver's idempotency key, unique per hook. */
  event_id: string;
  event_type: string;
  /** The event as JSON (`{id, type, occurredAt, data}`). */
  payload: string;
  state: DeliveryState;
  attempts: number;
  next_attempt_at: string;
  locked_until: string | null;
  last_status: number | null;
  last_error: string | null;
  response_excerpt: string | null;
  created_at: string;
  updated_at: string;
  delivered_at: string | null;
}

export interface ProfileSharesTable {
  user_id: string;
  /** The public page's secret path part; a new one on every enable. */
  token: string;
  created_at: string;
}

export interface TokenGrantsTable {
  user_id: string;
  /** `link` (an NPSSO exchanged) or `refresh`. */
  kind: string;
  granted_at: string;
  refresh_lifetime_s: number | null;
  access_lifetime_s: number | null;
  refresh_expires_at: string;
}

/** A user's library version, bumped by triggers on every write to what the library shows (the API's ETags). */
export interface LibraryVersionsTable {
  user_id: string;
  version: number | string;
}

/** The profile page's JSON as last made for a user, with the library version and UTC day it was made for. */
export interface ProfileSnapshotsTable {
  user_id: string;
  version: number | string;
  day: string;
  body: string;
  /** The build and image naming that made `body` (`ProfileService`); another maker's page is made again. */
  made_by: Generated<string>;
}

export interface Database {
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  settings: SettingsTable;
  psn_connections: PsnConnectionsTable;
  titles: TitlesTable;
  title_groups: TitleGroupsTable;
  trophy_definitions: TrophyDefinitionsTable;
  user_titles: UserTitlesTable;
  user_trophies: UserTrophiesTable;
  jobs: JobsTable;
  sync_runs: SyncRunsTable;
  psn_budget_sends: PsnBudgetSendsTable;
  psn_budget_blocks: PsnBudgetBlocksTable;
  webhooks: WebhooksTable;
  webhook_deliveries: WebhookDeliveriesTable;
  profile_shares: ProfileSharesTable;
  token_grants: TokenGrantsTable;
  stack_links: StackLinksTable;
  library_versions: LibraryVersionsTable;
  profile_snapshots: ProfileSnapshotsTable;
  unobtainable_trophies: UnobtainableTrophiesTable;
}

/** The `user_titles` columns kept by `db/title-facts.ts` (never written from Sony's title list). */
export type TitleFactColumn = 'first_earned_at' | 'platinum_earned_at' | 'base_missing' | 'dlc_missing' | 'dlc_groups' | 'unobtainable' | 'unobtainable_points';

export type PsnConnection = Selectable<PsnConnectionsTable>;
export type NewPsnConnection = Insertable<PsnConnectionsTable>;
export type PsnConnectionUpdate = Updateable<PsnConnectionsTable>;
/** A user's title as the services read it: every column but the ready game JSON (`view_json`, a kilobyte or two a title, for the library's pages alone). */
export type UserTitle = Omit<Selectable<UserTitlesTable>, 'view_json'>;
export type SyncRun = Selectable<SyncRunsTable>;
export type Job = Selectable<JobsTable>;
export type User = Selectable<UsersTable>;
export type ApiToken = Selectable<ApiTokensTable>;
export type Webhook = Selectable<WebhooksTable>;
export type WebhookDelivery = Selectable<WebhookDeliveriesTable>;

/** The columns of `UserTitle`: read these, not `selectAll()`, so 20,000 titles do not bring their game JSON along. */
export const USER_TITLE_COLUMNS = [
  'user_id',
  'np_communication_id',
  'np_service_name',
  'name',
  'icon_url',
  'platform',
  'trophy_set_version',
  'has_trophy_groups',
  'picked',
  'hidden',
  'progress',
  'defined_bronze',
  'defined_silver',
  'defined_gold',
  'defined_platinum',
  'earned_bronze',
  'earned_silver',
  'earned_gold',
  'earned_platinum',
  'last_updated_at',
  'last_played_at',
  'play_seconds',
  'earned_synced_at',
  'definitions_version',
  'first_seen_at',
  'announced',
  'psn_gone_at',
  'psn_counts_dropped_at',
  'set_key',
  'stack_key',
  'first_earned_at',
  'platinum_earned_at',
  'base_missing',
  'dlc_missing',
  'dlc_groups',
  'unobtainable',
  'unobtainable_points',
] as const satisfies ReadonlyArray<keyof UserTitle>;

// Fails to compile when a column of `UserTitle` is missing from the list above.
const everyUserTitleColumn: Exclude<keyof UserTitle, (typeof USER_TITLE_COLUMNS)[number]> extends never ? true : false = true;
void everyUserTitleColumn;
