/** The runs of imports and syncs (`/api/sync/…`): their progress as JSON and as Server-Sent Events; pausing, resuming and re-ordering an import. */
import { endpoints } from '@trophyroom/contract';
import { streamSSE } from 'hono/streaming';
import type { RunView } from '../../services/sync-runs.service.ts';
import type { AppDeps } from '../deps.ts';
import type { RouteTable } from '../route.ts';

const fingerprint = (r: RunView) =>
  `${r.state}|${r.done}|${r.total}|${r.current}|${JSON.stringify(r.errors)}|${r.newTitles.length}|${r.remainingRequests}|${r.priority.join()}`;
/** A run in these states goes on (by itself, or when the user resumes it): its stream stays open. */
const OPEN = new Set<RunView['state']>(['running', 'waiting', 'paused']);

export function syncRunsRoutes(routes: RouteTable, { runs, library, now, eventPollMs = 500 }: AppDeps): void {
  routes.add(endpoints.runs, async (c, { user, query }) => c.json({ items: await runs.list(user.id, query) }));

  routes.add(endpoints.run, async (c, { user, params }) => c.json({ run: await runs.get(user.id, params.id as string) }));

  routes.add(endpoints.pauseRun, async (c, { user, params }) => c.json({ run: await library.pause(user.id, params.id as string) }));

  routes.add(endpoints.resumeRun, async (c, { user, params }) => c.json({ run: await library.resume(user.id, params.id as string) }));

  routes.add(endpoints.prioritiseRun, async (c, { user, params, body }) =>
    c.json({ run: await library.prioritise(user.id, params.id as string, body.npCommunicationIds) }),
  );

  routes.add(endpoints.runEvents, async (c, { user, params }) => {
    const first = await runs.get(user.id, params.id as string);
    return streamSSE(c, async (stream) => {
      let run: RunView | undefined = first;
      let seen = '';
      while (run && !stream.aborted) {
        if (fingerprint(run) !== seen) {
          seen = fingerprint(run);
          await stream.writeSSE({ event: 'progress', data: JSON.stringify(run) });
        }
        if (!OPEN.has(run.state)) {
          await stream.writeSSE({ event: 'end', data: JSON.stringify(run) });
          return;
        }
        await stream.sleep(eventPollMs);
        // Gone (a wipe): the stream ends.
        run = await runs.get(user.id, run.id).catch(() => undefined);
      }
    });
  });

  routes.add(endpoints.syncEvents, (c, { user }) =>
    streamSSE(c, async (stream) => {
      const seen = new Map<string, string>();
      const since = new Date(now() - 60_000).toISOString();
      let quietSince = Date.now();
      while (!stream.aborted) {
        for (const run of await runs.recent(user.id, since)) {
          if (seen.get(run.id) === fingerprint(run)) continue;
          seen.set(run.id, fingerprint(run));
          await stream.writeSSE({ event: 'progress', data: JSON.stringify(run) });
          quietSince = Date.now();
        }
        // A comment now and then keeps proxies from closing an idle stream.
        if (Date.now() - quietSince > 15_000) {
          await stream.write(': keep-alive\n\n');
          quietSince = Date.now();
        }
        await stream.sleep(eventPollMs);
      }
    }),
  );
}
