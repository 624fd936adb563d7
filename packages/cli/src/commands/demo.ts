/**
 * `trophyroom demo`: the whole product offline — the PSN simulator and the server (SQLite, the
 * web UI) side by side, the server's clock following the simulator's so that moving the
 * simulator's time moves the token countdown too. Prints where to go and an NPSSO to paste.
 * @module
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from '../command.ts';
import { UsageError } from '../errors/cli-error.ts';
import { EXIT } from '../errors/exit-codes.ts';
import { webBuilt, webDist } from '../server/web-dist.ts';
import { serverFlags, untilAborted } from './serve.ts';

export const demo: Command = {
  name: 'demo',
  summary: 'the whole product offline: the PSN simulator, the server and the web UI',
  help: `Usage: trophyroom demo [options]

Starts the PSN simulator and the Trophyroom server (SQLite in a fresh temporary folder, deleted
when the demo stops, unless --data-dir says where to keep it) and prints the address to open and
a demo NPSSO to paste under Settings → Connect PlayStation. Everything stays on 127.0.0.1.
The simulator's admin API (/__sim) can earn trophies and move the clock; the server follows it.

Options:
  --port N          the server's port (default 3000; 0 for any free one)
  --sim-port N      the simulator's port (default 4100; 0 for any free one)
  --data-dir DIR    keep the demo's data here
  --seed N          the simulator's world (default 1)
  --json            print {"url","simUrl","dataDir","accounts"} as the first line, for scripts

Examples:
  npm run demo                     # builds the web UI, then runs this
  trophyroom demo --port 8080 --sim-port 8081
  curl -X POST http://127.0.0.1:4100/__sim/clock -H 'content-type: application/json' -d '{"advanceDays":50}'
`,
  options: { port: { type: 'string' }, 'sim-port': { type: 'string' }, 'data-dir': { type: 'string' }, seed: { type: 'string' } },
  async run({ values }, context) {
    const simPort = Number(values['sim-port'] ?? 4100);
    const seed = Number(values.seed ?? 1);
    if (!Number.isInteger(simPort) || !Number.isInteger(seed)) throw new UsageError('--sim-port and --seed take whole numbers.');
    const flags = serverFlags({ port: values.port });
    const [{ createSimulator }, { startServer, ConfigError }] = await Promise.all([import('psn-sim'), import('@trophyroom/server')]);
    const keepDir = typeof values['data-dir'] === 'string' ? values['data-dir'] : undefined;
    const dataDir = keepDir ?? mkdtempSync(join(tmpdir(), 'trophyroom-demo-'));
    // A quarter of each library hunted to the platinum, so the profile page has a cabinet to show.
    const sim = createSimulator({ seed, epoch: new Date().setUTCHours(0, 0, 0, 0), huntedRate: 0.25 });
    let server: Awaited<ReturnType<typeof startServer>> | undefined;
    // Whatever fails from here (a port in use…), the simulator closes and the demo's folder goes.
    const cleanUp = async () => {
      await server?.close();
      await sim.close();
      if (!keepDir) rmSync(dataDir, { recursive: true, force: true });
    };
    try {
      const simUrl = await sim.listen(simPort, '127.0.0.1');
      server = await startServer({
        port: 3000,
        ...flags,
        dataDir,
        psnBaseUrl: simUrl,
        logLevel: 'warn',
        now: () => sim.clock.now(),
        webDir: webDist(),
        env: {},
      });
    } catch (error) {
      await cleanUp();
      if (error instanceof ConfigError) throw new UsageError(error.message);
      if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE')
        throw new UsageError(`${(error as Error).message}: choose other ports with --port and --sim-port.`);
      throw error;
    }
    const simUrl = sim.url;
    try {
      const accounts = sim.credentials(3).map((a) => ({ onlineId: a.onlineId, npsso: a.npsso }));
      // One line, so that a script can read it before the demo ends.
      if (context.global.json) context.io.stdout.write(`${JSON.stringify({ url: server.url, simUrl, dataDir, accounts })}\n`);
      else {
        const first = accounts[0];
        context.io.stdout.write(
          [
            '',
            '  Trophyroom demo — offline, against the PSN simulator.',
            '',
            `  1. Open ${server.url} and sign up (the first account is the admin).`,
            '  2. Settings → Connect PlayStation, and paste this NPSSO:',
            `       ${first?.npsso}   (${first?.onlineId})`,
            '  3. Pick games, import, open one. Other demo accounts:',
            ...accounts.slice(1).map((a) => `       ${a.npsso}   (${a.onlineId})`),
            '',
            `  PSN simulator: ${simUrl}  (admin API: ${simUrl}/__sim — earn a trophy, move the clock)`,
            `  Data: ${dataDir}${keepDir ? '' : ' (deleted when the demo stops; --data-dir keeps it)'}`,
            ...(webBuilt() ? [] : ['', '  The web UI is not built: run `npm run build -w @trophyroom/web` (npm run demo does).']),
            '',
            '  Ctrl-C stops it.',
            '',
          ].join('\n'),
        );
      }
      await untilAborted(context.signal);
    } finally {
      await cleanUp();
    }
    return EXIT.ok;
  },
};
