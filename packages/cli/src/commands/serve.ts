/**
 * `trophyroom serve`: runs the Trophyroom server (API, web UI, jobs and the daily sync) until
 * Ctrl-C. Flags win over the environment; both are in `--help`.
 * @module
 */
import type { Command, CommandArgs } from '../command.ts';
import { UsageError } from '../errors/cli-error.ts';
import { EXIT } from '../errors/exit-codes.ts';
import { webDist } from '../server/web-dist.ts';

/** The server's settings that flags can set (the rest come from the environment). */
export const serverOptions = {
  port: { type: 'string' },
  host: { type: 'string' },
  'data-dir': { type: 'string' },
  'database-url': { type: 'string' },
  'public-url': { type: 'string' },
  'trust-proxy': { type: 'boolean' },
  'metrics-token': { type: 'string' },
  'metrics-listen': { type: 'string' },
  'metrics-player-labels': { type: 'boolean' },
  'sync-cron': { type: 'string' },
  'log-level': { type: 'string' },
  'forget-psn-tokens': { type: 'boolean' },
  'allow-private-webhooks': { type: 'boolean' },
} as const;

const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
const on = (v: unknown) => (v === true ? true : undefined);

/** Flags as `startServer` options; unset flags are left to the environment. */
export function serverFlags(values: CommandArgs['values']) {
  const port = text(values.port);
  if (port !== undefined && !/^\d+$/.test(port)) throw new UsageError(`--port "${port}" is not a port number.`);
  const flags = {
    port: port === undefined ? undefined : Number(port),
    host: text(values.host),
    dataDir: text(values['data-dir']),
    databaseUrl: text(values['database-url']),
    publicUrl: text(values['public-url']),
    trustProxy: on(values['trust-proxy']),
    metricsToken: text(values['metrics-token']),
    metricsListen: text(values['metrics-listen']),
    metricsPlayerLabels: on(values['metrics-player-labels']),
    syncCron: text(values['sync-cron']),
    logLevel: text(values['log-level']) as 'info' | undefined,
    role: text(values.role) as 'all' | undefined,
    forgetPsnTokens: values['forget-psn-tokens'] === true ? true : undefined,
    allowPrivateWebhooks: on(values['allow-private-webhooks']),
  };
  return Object.fromEntries(Object.entries(flags).filter(([, v]) => v !== undefined));
}

/** Waits for Ctrl-C (or SIGTERM), then runs `close`. */
export function untilAborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
}

export const serve: Command = {
  name: 'serve',
  summary: 'run the Trophyroom server: API, web UI, jobs and the daily sync',
  help: `Usage: trophyroom serve [options]

Runs the server until Ctrl-C: the API under /api (OpenAPI at /api/openapi.json), the web UI at /,
/healthz, Prometheus metrics at /metrics when turned on, and (role all or worker) the import and
sync jobs with the daily sync. Logs are JSON lines on stdout; the address goes to stderr.

It answers only to its own names: those of the address it listens on (127.0.0.1 and localhost
by default) and the public URL's. Reached by any other name (a LAN name, a proxy's), set
--public-url to the address people use.

Options (each also read from the environment, flags win):
  --port N              port (TROPHYROOM_PORT, PORT; default 3000, 0 for any free one)
  --host ADDR           address (TROPHYROOM_HOST; default 127.0.0.1, 0.0.0.0 for the network)
  --data-dir DIR        SQLite file and vault key (TROPHYROOM_DATA_DIR; default ./data)
  --database-url URL    postgres://… for PostgreSQL (TROPHYROOM_DATABASE_URL; default SQLite)
  --base-url URL        one origin for every Sony host, e.g. the simulator (TROPHYROOM_PSN_BASE_URL)
  --public-url URL      where users reach it, e.g. https://trophies.example behind a proxy
                        (TROPHYROOM_PUBLIC_URL): the only origin that may write, Secure cookies
  --trust-proxy         believe X-Forwarded-Proto/-Host/-For from the proxy in front: https,
                        the name asked for, the client's address (TROPHYROOM_TRUST_PROXY=true)
  --metrics-token T     /metrics needs "Authorization: Bearer T", 16+ characters; prefer the
                        environment, a flag shows in ps (TROPHYROOM_METRICS_TOKEN)
  --metrics-listen H:P  serve /metrics on an address of its own, e.g. 127.0.0.1:9464, in any
                        role (TROPHYROOM_METRICS_LISTEN); without this or a token: no metrics
  --metrics-player-labels  label the PSN budget metric with online ids; off: aggregated
                        (TROPHYROOM_METRICS_PLAYER_LABELS=true)
  --role ROLE           all (default), web (HTTP only) or worker (jobs only) (TROPHYROOM_ROLE);
                        web and worker need PostgreSQL and share its queue (pg-boss) and rate budget
  TROPHYROOM_WORKER_CONCURRENCY  jobs a worker runs at once (default 20)
  --sync-cron CRON      the daily sync, UTC (TROPHYROOM_SYNC_CRON; default "0 3 * * *")
  --log-level LEVEL     debug, info (default), warn, error or silent (TROPHYROOM_LOG_LEVEL)
  TROPHYROOM_SECRET_KEY the vault key (base64 of 32 bytes); default a key file in the data dir
  --forget-psn-tokens   start although the vault key cannot open the stored PSN tokens (the key
                        was lost): those connections ask their users to reconnect; trophies stay
                        (TROPHYROOM_FORGET_PSN_TOKENS=1)
  --allow-private-webhooks  let webhooks reach loopback, private and link-local addresses (a
                        receiver on this machine or the LAN); off, such URLs are refused
                        (TROPHYROOM_ALLOW_PRIVATE_WEBHOOKS=true)

Examples:
  trophyroom serve
  trophyroom serve --port 8080 --host 0.0.0.0 --data-dir /var/lib/trophyroom
  trophyroom serve --base-url http://127.0.0.1:4100        # against \`trophyroom sim\`
  TROPHYROOM_DATABASE_URL=postgres://trophyroom@db/trophyroom trophyroom serve --role web
  TROPHYROOM_METRICS_TOKEN=$(openssl rand -hex 32) trophyroom serve --public-url https://trophies.example --trust-proxy
`,
  options: { ...serverOptions, role: { type: 'string' } },
  async run({ values }, context) {
    const { startServer, ConfigError } = await import('@trophyroom/server');
    let server: Awaited<ReturnType<typeof startServer>>;
    try {
      server = await startServer({ ...serverFlags(values), psnBaseUrl: context.global.baseUrl, webDir: webDist(), env: context.io.env });
    } catch (error) {
      if (error instanceof ConfigError) throw new UsageError(error.message);
      if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE')
        throw new UsageError(`${(error as Error).message}: another program has the port; choose one with --port.`);
      throw error;
    }
    context.io.stderr.write(server.url ? `Trophyroom is running at ${server.url} (Ctrl-C stops it)\n` : 'Trophyroom worker running (Ctrl-C stops it)\n');
    if (server.metricsUrl) context.io.stderr.write(`Metrics at ${server.metricsUrl}/metrics\n`);
    await untilAborted(context.signal);
    await server.close();
    return EXIT.ok;
  },
};
