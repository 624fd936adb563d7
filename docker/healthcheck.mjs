// The image's HEALTHCHECK. It reads the server's settings from the `trophyroom serve` process's
// command line (PID 1, or its child under an init such as `docker run --init`), so a role or port
// given as a flag counts too, else from the environment; then:
// - all, web: GET /healthz on the HTTP port, healthy when it answers 200 (the database answers);
// - worker: it has no HTTP; with --metrics-listen (TROPHYROOM_METRICS_LISTEN) it must answer
//   GET /metrics there (with the metrics token if one is set), else a live server process is enough.
// Exit 0 healthy, 1 unhealthy, as Docker and Podman expect.
import { readdirSync, readFileSync } from 'node:fs';

// Where processes are listed (the entrypoint test points it at a folder of its own).
const proc = process.env.TROPHYROOM_HEALTHCHECK_PROC || '/proc';

/** The server process's arguments (the lowest pid's: PID 1, or the first child of an init), or [] when none runs. */
function processArgs() {
  const pids = readdirSync(proc)
    .filter((name) => /^\d+$/.test(name))
    .sort((a, b) => Number(a) - Number(b));
  for (const pid of pids) {
    try {
      const args = readFileSync(`${proc}/${pid}/cmdline`, 'utf8').split('\0');
      if (args.some((arg) => arg.endsWith('/trophyroom') || arg.endsWith('/trophyroom.js')) && args.includes('serve')) return args;
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return [];
}

const args = processArgs();
/** A flag's value from PID 1's command line (`--name value` or `--name=value`), else the environment's. */
function setting(flag, ...names) {
  let value;
  for (const [i, arg] of args.entries()) {
    if (arg === flag) value = args[i + 1];
    else if (arg.startsWith(`${flag}=`)) value = arg.slice(flag.length + 1);
  }
  for (const name of names) value ??= process.env[name] || undefined;
  return value;
}

function secret(name) {
  const file = process.env[`${name}_FILE`];
  if (file) {
    try {
      return readFileSync(file, 'utf8').trim();
    } catch {
      return undefined;
    }
  }
  return process.env[name] || undefined;
}

/** A wildcard bind is reached on loopback. */
function reachable(host) {
  if (!host || host === '0.0.0.0' || host === '::' || host === '[::]') return '127.0.0.1';
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

async function check(url, headers = {}) {
  const response = await fetch(url, { headers, signal: AbortSignal.timeout(4000) });
  const body = await response.text();
  if (response.status !== 200) throw new Error(`${url} answered ${response.status}: ${body.slice(0, 200)}`);
  return body;
}

const role = setting('--role', 'TROPHYROOM_ROLE') ?? 'all';
try {
  if (role === 'worker') {
    const listen = setting('--metrics-listen', 'TROPHYROOM_METRICS_LISTEN');
    if (listen) {
      const colon = listen.lastIndexOf(':');
      const token = setting('--metrics-token') ?? secret('TROPHYROOM_METRICS_TOKEN');
      await check(`http://${reachable(listen.slice(0, colon))}:${listen.slice(colon + 1)}/metrics`, token ? { authorization: `Bearer ${token}` } : {});
      console.log(`worker: metrics answer on ${listen}`);
    } else {
      if (args.length === 0) throw new Error('no trophyroom serve process');
      console.log('worker: running (set TROPHYROOM_METRICS_LISTEN for a deeper check)');
    }
  } else {
    const host = reachable(setting('--host', 'TROPHYROOM_HOST'));
    const port = setting('--port', 'TROPHYROOM_PORT', 'PORT') ?? '3000';
    console.log(await check(`http://${host}:${port}/healthz`));
  }
} catch (error) {
  console.error(`unhealthy: ${error instanceof Error ? (error.cause?.message ?? error.message) : error}`);
  process.exit(1);
}
