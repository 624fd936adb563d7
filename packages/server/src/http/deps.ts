/** What the HTTP layer is built from: the services (nothing below them), and the server's own settings. */
import type { Logger } from 'pino';
import type { Metrics } from '../observability/metrics.ts';
import type { AccountsService } from '../services/accounts.service.ts';
import type { ConnectionService } from '../services/connection.service.ts';
import type { LibraryService } from '../services/library.service.ts';
import type { LibraryArchiveService } from '../services/library-archive.service.ts';
import type { NotificationsService } from '../services/notifications.service.ts';
import type { PickerService } from '../services/picker.service.ts';
import type { ProfileService } from '../services/profile.service.ts';
import type { PublicProfileService } from '../services/public-profile.service.ts';
import type { SharingService } from '../services/sharing.service.ts';
import type { SyncRunsService } from '../services/sync-runs.service.ts';
import type { ArtworkService } from '../services/artwork.service.ts';
import type { StacksService } from '../services/stacks.service.ts';
import type { UnobtainableService } from '../services/unobtainable.service.ts';
import type { ServerIdentity } from './server-identity.ts';

export interface AppDeps {
  accounts: AccountsService;
  connection: ConnectionService;
  picker: PickerService;
  runs: SyncRunsService;
  library: LibraryService;
  notifications: NotificationsService;
  archive: LibraryArchiveService;
  sharing: SharingService;
  /** A shared profile signed out: its icons on our origin under the share, and only those served. */
  publicProfile: PublicProfileService;
  stacks: StacksService;
  /** Icons from our own origin: game JSON points at `/api/images/…`, served from the disk cache. */
  artwork: ArtworkService;
  profile: ProfileService;
  unobtainable: UnobtainableService;
  /** Resolves when the database answers (`/healthz`). */
  ping: () => Promise<void>;
  metrics: Metrics;
  log: Logger;
  now: () => number;
  version: string;
  /** Who the server is to a request: the names it answers to, the origin that may write, https, the client's address. */
  identity: ServerIdentity;
  /** `/metrics` on the app's address: behind this token; without one it is off. */
  metricsToken?: string | undefined;
  /** `/metrics` has a listener of its own (`metricsListen`): the app's address serves none. */
  metricsElsewhere?: boolean | undefined;
  /** The built web UI; without it `/` explains how to build it. */
  webDir?: string | undefined;
  /** How often event streams look for progress. @default 500 */
  eventPollMs?: number | undefined;
}
