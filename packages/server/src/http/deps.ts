/** What the HTTP layer is built from. */
import type { Logger } from 'pino';
import type { Engine } from '../engine.ts';
import type { Metrics } from '../observability/metrics.ts';
import type { AccountsService } from '../services/accounts.service.ts';
import type { GamesService } from '../services/games.service.ts';
import type { ServerIdentity } from './server-identity.ts';

export interface AppDeps {
  engine: Engine;
  accounts: AccountsService;
  games: GamesService;
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
