/**
 * Server settings from flags and the environment (flags win), read once through one schema:
 * every setting names its flag and its environment variables, and a bad start reports every bad
 * setting at once, each with its variable name (never a secret's value). Every setting has a
 * default that runs a single-user instance on this machine with nothing configured.
 * @module
 */
import { resolve } from 'node:path';
import { decodeKeyList } from '@trophyroom/vault';
import { z } from 'zod';
import { nextRun } from './jobs/schedule.ts';
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
  /**
   * Let webhooks reach loopback, private and link-local addresses (a receiver on this machine or
   * the LAN). Off, such a hook URL is refused when saved and at every delivery (no server-side
   * request forgery). @default false (`TROPHYROOM_ALLOW_PRIVATE_WEBHOOKS`)
   */
  allowPrivateWebhooks: boolean;
}

const roles = ['web', 'worker', 'all'] as const satisfies readonly Role[];
const levels = ['debug', 'info', 'warn', 'error', 'silent'] as const satisfies readonly LogLevel[];

/** Where each setting is read from: its flag of `trophyroom serve`, then its environment variables in order. */
export const settingSources = {
  port: { flag: '--port', env: ['TROPHYROOM_PORT', 'PORT'] },
  host: { flag: '--host', env: ['TROPHYROOM_HOST'] },
  dataDir: { flag: '--data-dir', env: ['TROPHYROOM_DATA_DIR'] },
  databaseUrl: { flag: '--database-url', env: ['TROPHYROOM_DATABASE_URL'] },
  psnBaseUrl: { flag: '--base-url', env: ['TROPHYROOM_PSN_BASE_URL'] },
  secretKey: { env: ['TROPHYROOM_SECRET_KEY'] },
  publicUrl: { flag: '--public-url', env: ['TROPHYROOM_PUBLIC_URL'] },
  trustProxy: { flag: '--trust-proxy', env: ['TROPHYROOM_TRUST_PROXY'] },
  metricsToken: { flag: '--metrics-token', env: ['TROPHYROOM_METRICS_TOKEN'] },
  metricsListen: { flag: '--metrics-listen', env: ['TROPHYROOM_METRICS_LISTEN'] },
  metricsPlayerLabels: { flag: '--metrics-player-labels', env: ['TROPHYROOM_METRICS_PLAYER_LABELS'] },
  syncCron: { flag: '--sync-cron', env: ['TROPHYROOM_SYNC_CRON'] },
  role: { flag: '--role', env: ['TROPHYROOM_ROLE'] },
  workerConcurrency: { env: ['TROPHYROOM_WORKER_CONCURRENCY'] },
  logLevel: { flag: '--log-level', env: ['TROPHYROOM_LOG_LEVEL'] },
  forgetPsnTokens: { flag: '--forget-psn-tokens', env: ['TROPHYROOM_FORGET_PSN_TOKENS'] },
  allowPrivateWebhooks: { flag: '--allow-private-webhooks', env: ['TROPHYROOM_ALLOW_PRIVATE_WEBHOOKS'] },
} as const satisfies Record<keyof ServerConfig, { flag?: string; env: readonly string[] }>;

type Setting = keyof ServerConfig;

/** One bad setting: which, where to set it, and what is wrong. */
export interface ConfigProblem {
  setting: Setting;
  /** The environment variable (the first of its names). */
  variable: string;
  flag: string | undefined;
  message: string;
}

/** Every bad setting of a start, each with its variable name. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: ConfigProblem[]) {
    const line = (p: ConfigProblem) => `${p.variable}${p.flag ? ` (${p.flag})` : ''}: ${p.message}`;
    super(
      problems.length === 1
        ? line(problems[0] as ConfigProblem)
        : `${problems.length} settings are not valid:\n${problems.map((p) => `  ${line(p)}`).join('\n')}`,
    );
  }
}

/** A `host:port` to listen on (`[::1]:9464` for IPv6). */
export interface ListenAddress {
  host: string;
  port: number;
}

/** Parses `host:port`, or undefined when it is not one. */
function parseListen(text: string): ListenAddress | undefined {
  const match = /^(?:\[([^\]]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(text.trim());
  const port = Number(match?.[3]);
  return match && port <= 65_535 ? { host: (match[1] ?? match[2]) as string, port } : undefined;
}

/** Parses `host:port` (a value the configuration already checked). */
export function listenAddress(text: string): ListenAddress {
  const address = parseListen(text);
  if (!address) throw new Error(`"${text}" is not host:port`);
  return address;
}

/** A raw value: text from the environment, or a flag's own type. */
const raw = z.union([z.string(), z.number(), z.boolean()]).optional();
const yes = ['true', '1', 'yes', 'on'];
const no = ['false', '0', 'no', 'off', ''];

/** A raw value checked and turned into `T` by `read`, which returns a reason instead when the value is bad. */
function setting<T>(read: (value: string) => T | { problem: string }, fallback: T) {
  return raw.transform((value, ctx): T => {
    if (value === undefined || (typeof value === 'string' && value.trim() === '')) return fallback;
    const result = read(typeof value === 'string' ? value.trim() : String(value));
    if (result && typeof result === 'object' && 'problem' in result) {
      ctx.addIssue({ code: 'custom', message: result.problem });
      return z.NEVER;
    }
    return result as T;
  });
}

const problem = (reason: string) => ({ problem: reason });
const flag = setting((v) => (yes.includes(v.toLowerCase()) ? true : no.includes(v.toLowerCase()) ? false : problem(`"${v}" is not true or false.`)), false);
const wholeNumber = (min: number, max: number, what: string) =>
  setting((v) => {
    const n = Number(v);
    return Number.isInteger(n) && n >= min && n <= max ? n : problem(`"${v}" is not ${what}.`);
  }, undefined);
const optionalText = setting<string | undefined>((v) => v, undefined);

/** The settings, as one schema over the raw values. */
const configSchema = z
  .object({
    port: wholeNumber(0, 65_535, 'a port number (0–65535)').transform((n) => n ?? 3000),
    host: setting((v) => v, '127.0.0.1'),
    dataDir: setting((v) => resolve(v), resolve('data')),
    databaseUrl: optionalText,
    psnBaseUrl: setting<string | undefined>((v) => (URL.canParse(v) ? v : problem(`"${v}" is not a URL.`)), undefined),
    // Checked for shape only, and never repeated: the vault reads the keys.
    secretKey: setting<string | undefined>((v) => {
      try {
        decodeKeyList(v, 'it');
        return v;
      } catch (error) {
        return problem(`${(error as Error).message}.`);
      }
    }, undefined),
    publicUrl: setting<string | undefined>(
      (v) => (URL.canParse(v) && /^https?:$/.test(new URL(v).protocol) ? v : problem(`The public URL "${v}" is not an http:// or https:// URL.`)),
      undefined,
    ),
    trustProxy: flag,
    // The token itself never goes into a message.
    metricsToken: setting<string | undefined>(
      (v) => (v.length >= 16 ? v : problem('The metrics token is too short: use at least 16 characters (e.g. `openssl rand -hex 32`).')),
      undefined,
    ),
    metricsListen: setting<string | undefined>(
      (v) => (parseListen(v) ? v : problem(`The metrics address "${v}" is not host:port (e.g. 127.0.0.1:9464, or [::1]:9464).`)),
      undefined,
    ),
    metricsPlayerLabels: flag,
    syncCron: setting<string | undefined>((v) => {
      try {
        nextRun(v, new Date());
        return v;
      } catch (error) {
        return problem(`${(error as Error).message}.`);
      }
    }, undefined),
    role: setting<Role>((v) => ((roles as readonly string[]).includes(v) ? (v as Role) : problem(`The role "${v}" is not one of ${roles.join(', ')}.`)), 'all'),
    workerConcurrency: wholeNumber(1, 1000, 'a whole number from 1 to 1000').transform((n) => n ?? 20),
    logLevel: setting<LogLevel>(
      (v) => ((levels as readonly string[]).includes(v) ? (v as LogLevel) : problem(`The log level "${v}" is not one of ${levels.join(', ')}.`)),
      'info',
    ),
    forgetPsnTokens: flag,
    allowPrivateWebhooks: flag,
  })
  .transform((c, ctx): ServerConfig => {
    const databaseUrl = c.databaseUrl ?? `sqlite:${resolve(c.dataDir, 'trophyroom.db')}`;
    if (c.role !== 'all' && !/^postgres(ql)?:\/\//.test(databaseUrl))
      ctx.addIssue({
        code: 'custom',
        path: ['role'],
        message: `The role "${c.role}" needs PostgreSQL (TROPHYROOM_DATABASE_URL=postgres://…): web and worker processes share their queue and rate budget through it. With SQLite, run one process with the role "all".`,
      });
    return { ...c, databaseUrl };
  });

/** The raw value of each setting: its flag if given, else the first of its environment variables that is set. */
function rawSettings(flags: Partial<ServerConfig>, env: NodeJS.ProcessEnv): Record<Setting, string | number | boolean | undefined> {
  const values = {} as Record<Setting, string | number | boolean | undefined>;
  for (const [key, source] of Object.entries(settingSources) as Array<[Setting, { env: readonly string[] }]>) {
    const fromFlag = flags[key];
    values[key] = fromFlag ?? source.env.map((name) => env[name]).find((v) => v !== undefined);
  }
  return values;
}

/** Reads the configuration: `flags` first, then `env`, then the defaults. Throws a `ConfigError` listing every bad setting. */
export function loadConfig(flags: Partial<ServerConfig> = {}, env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const parsed = configSchema.safeParse(rawSettings(flags, env));
  if (parsed.success) return parsed.data;
  const seen = new Set<string>();
  const problems: ConfigProblem[] = [];
  for (const issue of parsed.error.issues) {
    const key = issue.path[0] as Setting;
    const source: { flag?: string; env: readonly string[] } = settingSources[key];
    if (seen.has(`${key}|${issue.message}`)) continue;
    seen.add(`${key}|${issue.message}`);
    problems.push({ setting: key, variable: source.env[0] as string, flag: source.flag, message: issue.message });
  }
  throw new ConfigError(problems);
}
