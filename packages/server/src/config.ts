/**
 * Server settings from flags and the environment (flags win). Every setting has a default that
 * runs a single-user instance on this machine with nothing configured.
 * @module
 */
import { resolve } from 'node:path';
import type { LogLevel } from './observability/logger.ts';

export type Role = 'web' | 'worker' | 'all';

export interface ServerConfig {
  /** @default 3000 (`TROPHYROOM_PORT`, `PORT`) */
  port: number;
  /** @default '127.0.0.1' (`TROPHYROOM_HOST`); `0.0.0.0` to serve the network */
  host: string;
  /** SQLite file and the vault key file live here. @default './data' (`TROPHYROOM_DATA_DIR`) */
  dataDir: string;
  /** `postgres://…` for PostgreSQL; @default `sqlite:<dataDir>/trophyroom.db` (`TROPHYROOM_DATABASE_URL`) */
  databaseUrl: string;
  /** One origin for every Sony host, e.g. the simulator (`TROPHYROOM_PSN_BASE_URL`); unset: Sony itself */
  psnBaseUrl: string | undefined;
  /** 32 bytes, base64 (`TROPHYROOM_SECRET_KEY`); unset: a key file in the data directory */
  secretKey: string | undefined;
  /**
   * Where users reach the server (`TROPHYROOM_PUBLIC_URL`), e.g. behind a proxy or by a name of
   * the network: its origin is the only one a browser may write from, and its name is one the
   * server answers to. Unset: the address it listens on (for 127.0.0.1, also `localhost`).
   */
  publicUrl: string | undefined;
  /**
   * Believe a reverse proxy's `X-Forwarded-Proto`, `X-Forwarded-Host` and `X-Forwarded-For`
   * (the scheme, the name the client asked for, the client's address). Only with a proxy in front
   * that sets them: otherwise any client could claim any address. @default false (`TROPHYROOM_TRUST_PROXY`)
   */
  trustProxy: boolean;
  /**
   * The Bearer token `/metrics` requires (`TROPHYROOM_METRICS_TOKEN`, at least 16 characters).
   * Without it and without `metricsListen`, `/metrics` is off.
   */
  metricsToken: string | undefined;
  /**
   * `host:port` where `/metrics` is served by a listener of its own (`TROPHYROOM_METRICS_LISTEN`),
   * e.g. `127.0.0.1:9464`; then the app's address serves no metrics.
   */
  metricsListen: string | undefined;
  /** Label the PSN budget metric with each player's online id. @default false (`TROPHYROOM_METRICS_PLAYER_LABELS`) */
  metricsPlayerLabels: boolean;
  /** The daily sync's cron, in UTC. @default '0 3 * * *' (`TROPHYROOM_SYNC_CRON`) */
  syncCron: string | undefined;
  /**
   * `all`: HTTP, jobs and the daily schedule in one process (SQLite or PostgreSQL); `web`: HTTP
   * only, jobs queued for the workers; `worker`: runs jobs and the schedule, no HTTP. `web` and
   * `worker` share a PostgreSQL database (pg-boss queue, shared rate budget).
   * @default 'all' (`TROPHYROOM_ROLE`)
   */
  role: Role;
  /** Jobs a `worker` process runs at once. @default 20 (`TROPHYROOM_WORKER_CONCURRENCY`) */
  workerConcurrency: number;
  /** @default 'info' (`TROPHYROOM_LOG_LEVEL`) */
  logLevel: LogLevel;
  /**
   * Start even though the vault key cannot open the stored PSN tokens (the key was lost): those
   * connections are marked for reconnecting. @default false (`TROPHYROOM_FORGET_PSN_TOKENS=1`)
   */
  forgetPsnTokens: boolean;
}

const roles: readonly Role[] = ['web', 'worker', 'all'];
const levels: readonly LogLevel[] = ['debug', 'info', 'warn', 'error', 'silent'];

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** A `host:port` to listen on (`[::1]:9464` for IPv6). */
export interface ListenAddress {
  host: string;
  port: number;
}

/** Parses `host:port`; throws a `ConfigError` naming the setting. */
export function listenAddress(text: string, setting: string): ListenAddress {
  const match = /^(?:\[([^\]]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(text.trim());
  const port = Number(match?.[3]);
  if (!match || port > 65_535) throw new ConfigError(`${setting} "${text}" is not host:port (e.g. 127.0.0.1:9464, or [::1]:9464).`);
  return { host: (match[1] ?? match[2]) as string, port };
}

const yes = ['true', '1', 'yes', 'on'];
const no = ['false', '0', 'no', 'off', ''];

function flag(value: boolean | string | undefined, setting: string): boolean {
  if (typeof value === 'boolean' || value === undefined) return value ?? false;
  const text = value.trim().toLowerCase();
  if (yes.includes(text)) return true;
  if (no.includes(text)) return false;
  throw new ConfigError(`${setting} "${value}" is not true or false.`);
}

/** Reads the configuration: `flags` first, then `env`, then the defaults. */
export function loadConfig(flags: Partial<ServerConfig> = {}, env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const portText = flags.port ?? env.TROPHYROOM_PORT ?? env.PORT ?? '3000';
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new ConfigError(`The port "${portText}" is not a port number (0–65535).`);
  const role = (flags.role ?? env.TROPHYROOM_ROLE ?? 'all') as Role;
  if (!roles.includes(role)) throw new ConfigError(`The role "${role}" is not one of ${roles.join(', ')}.`);
  const logLevel = (flags.logLevel ?? env.TROPHYROOM_LOG_LEVEL ?? 'info') as LogLevel;
  if (!levels.includes(logLevel)) throw new ConfigError(`The log level "${logLevel}" is not one of ${levels.join(', ')}.`);
  const concurrencyText = flags.workerConcurrency ?? env.TROPHYROOM_WORKER_CONCURRENCY ?? '20';
  const workerConcurrency = Number(concurrencyText);
  if (!Number.isInteger(workerConcurrency) || workerConcurrency < 1 || workerConcurrency > 1000)
    throw new ConfigError(`TROPHYROOM_WORKER_CONCURRENCY "${concurrencyText}" is not a whole number from 1 to 1000.`);
  const dataDir = resolve(flags.dataDir ?? env.TROPHYROOM_DATA_DIR ?? 'data');
  const publicUrl = flags.publicUrl ?? env.TROPHYROOM_PUBLIC_URL;
  if (publicUrl && (!URL.canParse(publicUrl) || !/^https?:$/.test(new URL(publicUrl).protocol)))
    throw new ConfigError(`The public URL "${publicUrl}" is not an http:// or https:// URL.`);
  const psnBaseUrl = flags.psnBaseUrl ?? env.TROPHYROOM_PSN_BASE_URL;
  if (psnBaseUrl && !URL.canParse(psnBaseUrl)) throw new ConfigError(`TROPHYROOM_PSN_BASE_URL "${psnBaseUrl}" is not a URL.`);
  const trustProxy = flag(flags.trustProxy ?? env.TROPHYROOM_TRUST_PROXY, 'TROPHYROOM_TRUST_PROXY');
  const metricsPlayerLabels = flag(flags.metricsPlayerLabels ?? env.TROPHYROOM_METRICS_PLAYER_LABELS, 'TROPHYROOM_METRICS_PLAYER_LABELS');
  const metricsToken = flags.metricsToken ?? env.TROPHYROOM_METRICS_TOKEN;
  // The token itself never goes into a message.
  if (metricsToken && metricsToken.length < 16)
    throw new ConfigError(`The metrics token is too short: use at least 16 characters (e.g. \`openssl rand -hex 32\`).`);
  const metricsListen = flags.metricsListen ?? env.TROPHYROOM_METRICS_LISTEN;
  if (metricsListen) listenAddress(metricsListen, 'The metrics address');
  const databaseUrl = flags.databaseUrl ?? env.TROPHYROOM_DATABASE_URL ?? `sqlite:${resolve(dataDir, 'trophyroom.db')}`;
  if (role !== 'all' && !/^postgres(ql)?:\/\//.test(databaseUrl))
    throw new ConfigError(
      `The role "${role}" needs PostgreSQL (TROPHYROOM_DATABASE_URL=postgres://…): web and worker processes share their queue and rate budget through it. With SQLite, run one process with the role "all".`,
    );
  return {
    port,
    host: flags.host ?? env.TROPHYROOM_HOST ?? '127.0.0.1',
    dataDir,
    databaseUrl,
    psnBaseUrl: psnBaseUrl || undefined,
    secretKey: flags.secretKey ?? env.TROPHYROOM_SECRET_KEY,
    publicUrl: publicUrl || undefined,
    trustProxy,
    metricsToken: metricsToken || undefined,
    metricsListen: metricsListen || undefined,
    metricsPlayerLabels,
    syncCron: flags.syncCron ?? env.TROPHYROOM_SYNC_CRON,
    role,
    workerConcurrency,
    logLevel,
    forgetPsnTokens: flags.forgetPsnTokens ?? ['1', 'true'].includes(env.TROPHYROOM_FORGET_PSN_TOKENS ?? ''),
  };
}
