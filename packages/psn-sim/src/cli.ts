/**
 * `psn-sim`: starts the simulator on loopback. With `--json` the first stdout line is one JSON
 * object with the URL and the first accounts' credentials, for scripts and tests to read.
 * @module
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parseRecording } from './recording/recording.ts';
import { createReplay } from './recording/replay.ts';
import { createSimulator } from './simulator.ts';
import type { FaultRule } from './middleware/faults.ts';
import type { SimulatorOptions } from './options.ts';

const HELP = `psn-sim — an offline simulator of Sony's PlayStation Network web APIs

Usage: psn-sim [options]

  --port N               port on 127.0.0.1 (0 picks a free one)            [default: 0]
  --seed N               world seed; the same seed gives the same bytes    [default: 42]
  --accounts N           generated accounts (1–1,000,000)                  [default: 8]
  --titles N             titles per library (0–20,000)                     [default: 40]
  --titles-max N         draw each library's size between --titles and N
  --catalog-size N       distinct titles in the world
  --private-rate X       share of accounts with private trophies           [default: 0.25]
  --old-session-rate X   share of accounts whose NPSSO comes from a 50+ day old session [default: 0.15]
  --epoch DATE|today     anchor of generated dates                         [default: 2026-11-01]
  --rate-limit N|off     requests per account per window                   [default: 300]
  --rate-window S        rate-limit window in seconds                      [default: 900]
  --latency MS           latency added to every Sony route
  --jitter MS            extra random latency, 0–MS
  --error-rate X         share of Sony requests answered 503
  --untidy               the untidiness of real PSN (2024–26): PC titles, products with no or two trophy
                         sets, 20-id concepts, a drifting game-list total, earned progress below target,
                         10-day refresh tokens for some accounts
  --edge-burst N         the edge firewall: more than N requests in 10 s draw HTML 403s for 10 minutes
  --sign-in-outage       Sony's sign-in fails: the token endpoint answers 500 (code exchange and refresh)
  --replay FILE          serve a recording (trophyroom record --out FILE) instead of a generated world
  --json                 print {"url","accounts":[{onlineId,accountId,npsso}]} as the first line
  --demo                 friendly banner with the demo accounts and example requests
  -h, --help             this help

Examples:
  psn-sim --port 0 --seed 42 --json
  psn-sim --accounts 10000 --titles 300 --rate-limit off
  psn-sim --port 4100 --latency 100 --jitter 50 --error-rate 0.02
  psn-sim --untidy --edge-burst 30
  psn-sim --replay packages/psn-sim/recordings/psnawp-fallout76.json --json
`;

function number(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n)) throw new Error(`--${name} must be a number, got "${value}"`);
  return n;
}

export async function main(argv = process.argv.slice(2)): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      seed: { type: 'string' },
      accounts: { type: 'string' },
      titles: { type: 'string' },
      'titles-max': { type: 'string' },
      'catalog-size': { type: 'string' },
      'private-rate': { type: 'string' },
      'old-session-rate': { type: 'string' },
      epoch: { type: 'string' },
      'rate-limit': { type: 'string' },
      'rate-window': { type: 'string' },
      latency: { type: 'string' },
      jitter: { type: 'string' },
      'error-rate': { type: 'string' },
      untidy: { type: 'boolean' },
      'edge-burst': { type: 'string' },
      'sign-in-outage': { type: 'boolean' },
      replay: { type: 'string', multiple: true },
      json: { type: 'boolean' },
      demo: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  if (values.replay) {
    const recordings = values.replay.map((file) => parseRecording(readFileSync(file, 'utf8'), file));
    const replay = createReplay(recordings);
    const url = await replay.listen(number(values.port, 'port') ?? 0, values.host ?? '127.0.0.1');
    const exchanges = recordings.reduce((n, r) => n + r.exchanges.length, 0);
    if (values.json) process.stdout.write(`${JSON.stringify({ url, replay: values.replay, exchanges })}\n`);
    else process.stdout.write(`psn-sim replaying ${exchanges} recorded answers on ${url}. Ctrl-C stops it.\n`);
    const stop = () => {
      void replay.close().then(() => process.exit(0));
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    return;
  }
  const faults: FaultRule[] = [];
  const latency = number(values.latency, 'latency');
  const jitter = number(values.jitter, 'jitter');
  if (latency !== undefined || jitter !== undefined) faults.push({ kind: 'latency', latencyMs: latency ?? 0, jitterMs: jitter ?? 0 });
  const errorRate = number(values['error-rate'], 'error-rate');
  if (errorRate) faults.push({ kind: 'error', status: 503, probability: errorRate });
  if (values['sign-in-outage']) faults.push({ kind: 'error', route: 'auth.token', status: 500 });
  const burst = number(values['edge-burst'], 'edge-burst');
  const epoch = values.epoch === 'today' || (values.demo && !values.epoch) ? new Date().setUTCHours(0, 0, 0, 0) : values.epoch;
  const rateLimit = values['rate-limit'];
  const options: SimulatorOptions = {
    seed: number(values.seed, 'seed'),
    accounts: number(values.accounts, 'accounts'),
    titles: number(values.titles, 'titles'),
    titlesMax: number(values['titles-max'], 'titles-max'),
    catalogSize: number(values['catalog-size'], 'catalog-size'),
    privateRate: number(values['private-rate'], 'private-rate'),
    oldSessionRate: number(values['old-session-rate'], 'old-session-rate'),
    epoch,
    rateLimit:
      rateLimit === 'off' ? false : { limit: number(rateLimit, 'rate-limit') ?? 300, windowMs: (number(values['rate-window'], 'rate-window') ?? 900) * 1000 },
    faults,
    untidy: values.untidy === true,
    edgeFirewall: burst ? { burst } : false,
  };
  const sim = createSimulator(options);
  const url = await sim.listen(number(values.port, 'port') ?? (values.demo ? 4100 : 0), values.host ?? '127.0.0.1');
  const accounts = sim.credentials(Math.min(sim.options.accounts, 10));
  if (values.json) process.stdout.write(`${JSON.stringify({ url, accounts })}\n`);
  else if (values.demo) process.stdout.write(banner(url, accounts));
  else process.stdout.write(`psn-sim listening on ${url} (seed ${sim.options.seed}, ${sim.options.accounts} accounts). Ctrl-C stops it.\n`);
  const stop = () => {
    void sim.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

function banner(url: string, accounts: Array<{ onlineId: string; accountId: string; npsso: string }>): string {
  const first = accounts[0];
  const lines = [
    '',
    '  Trophyroom demo — the PSN simulator is running, offline.',
    `  URL: ${url}   (every Sony path, one origin; admin API under ${url}/__sim)`,
    '',
    '  Demo accounts (onlineId · accountId · NPSSO):',
    ...accounts.slice(0, 5).map((a) => `    ${a.onlineId.padEnd(16)} ${a.accountId}  ${a.npsso}`),
    '',
    '  Try it (the NPSSO → code → tokens flow of psn-api, then the title list):',
    `    curl -si '${url}/api/authz/v3/oauth/authorize?access_type=offline&client_id=09515159-7237-4370-9b40-3806e67c0891&redirect_uri=com.scee.psxandroid.scecompcall://redirect&response_type=code&scope=psn:mobile.v2.core%20psn:clientapp' -H 'Cookie: npsso=${first?.npsso}' | grep -i location`,
    `    curl -s ${url}/api/authz/v3/oauth/token -H 'Authorization: Basic MDk1MTUxNTktNzIzNy00MzcwLTliNDAtMzgwNmU2N2MwODkxOnVjUGprYTV0bnRCMktxc1A=' \\`,
    `         -d grant_type=sso_token -d npsso=${first?.npsso} -d 'scope=psn:mobile.v2.core psn:clientapp' -d token_format=jwt`,
    `    curl -s '${url}/api/trophy/v1/users/me/trophyTitles?limit=5' -H "Authorization: Bearer $ACCESS_TOKEN"`,
    `    curl -s ${url}/__sim/accounts/${first?.onlineId}`,
    '',
    '  The Trophyroom server and web UI will join this command as they land. Ctrl-C stops it.',
    '',
  ];
  return `${lines.join('\n')}\n`;
}

main().catch((error: unknown) => {
  process.stderr.write(`psn-sim: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(2);
});
