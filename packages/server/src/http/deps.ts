/** What the HTTP layer is built from. */
import type { Logger } from 'pino';
import type { Engine } from '../engine.ts';
import type { Metrics } from '../observability/metrics.ts';
import type { AccountsService } from '../services/accounts.service.ts';
import type { GamesService } from '../services/games.service.ts';

export interface AppDeps {
  engine: Engine;
  accounts: AccountsService;
  games: GamesService;
  metrics: Metrics;
  log: Logger;
  now: () => number;
  version: string;
  /** The URL users reach the server at (behind a proxy); decides the Origin check and `Secure` cookies. */
  publicUrl?: string | undefined;
  /** The built web UI; without it `/` explains how to build it. */
  webDir?: string | undefined;
  /** How often event streams look for progress. @default 500 */
  eventPollMs?: number | undefined;
}
