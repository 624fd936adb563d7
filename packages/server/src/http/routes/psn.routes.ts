/** The picker, import, "sync now", and the runs that report their progress (JSON and Server-Sent Events). */
import { endpoints } from '@trophyroom/contract';
import { streamSSE } from 'hono/streaming';
import type { SyncRun } from '../../db/schema.ts';
import type { RunError } from '../../repositories/sync-runs.repository.ts';
import type { PickerEntry } from '../../services/library-sync.service.ts';
import type { AppDeps } from '../deps.ts';
import { ApiError, notFound } from '../errors.ts';
import type { RouteTable } from '../route.ts';
import { titleListState } from './connection.routes.ts';

export function runView(r: SyncRun) {
  return {
    id: r.id,
    kind: r.kind,
    state: r.state,
    total: r.total,
    done: r.done,
    current: r.current,
    errors: (JSON.parse(r.errors) as RunError[]).map((e) => ({ ...e, retryAt: e.retryAt ?? null })),
    newTitles: JSON.parse(r.new_titles) as string[],
    requests: r.requests,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    jobId: r.job_id,
  };
}

/** The picker's search (name, any case) and platform filters. */
const matches = (query: { q?: string | undefined; platform?: string | undefined }) => {
  const q = query.q?.trim().toLowerCase();
  const platform = query.platform?.toUpperCase();
  return (t: PickerEntry) => (!q || t.name.toLowerCase().includes(q)) && (!platform || t.platforms.includes(platform));
};

const fingerprint = (r: SyncRun) => `${r.state}|${r.done}|${r.total}|${r.current}|${r.errors.length}|${r.new_titles.length}`;

export function psnRoutes(routes: RouteTable, { engine, now, eventPollMs = 500 }: AppDeps): void {
  const requireConnection = async (userId: string) => {
    const status = await engine.connect.status(userId);
    if (!status) throw new ApiError(404, 'not_connected', 'No PlayStation account is connected. Connect one in Settings first.');
    if (status.state !== 'active')
      throw new ApiError(409, 'psn_reconnect_required', `The PlayStation connection is ${status.state}. Connect again with a fresh NPSSO.`, {
        state: status.state,
      });
  };

  routes.add(endpoints.pickerTitles, async (c, { user, query }) => {
    const [state, all] = await Promise.all([titleListState(engine, user.id), engine.sync.picker(user.id, { recentDays: query.recentDays })]);
    const matching = all.filter(matches(query));
    const offset = Number(query.cursor ?? 0);
    const items = matching.slice(offset, offset + query.limit);
    const next = offset + query.limit;
    return c.json({
      state,
      total: matching.length,
      preselected: matching.filter((t) => t.preselected).length,
      items,
      nextCursor: next < matching.length ? String(next) : null,
    });
  });

  routes.add(endpoints.pickerIds, async (c, { user, query }) => {
    const all = await engine.sync.picker(user.id, { recentDays: query.recentDays });
    return c.json({ ids: all.filter((t) => matches(query)(t) && (query.preselected === 'false' || t.preselected)).map((t) => t.npCommunicationId) });
  });

  routes.add(endpoints.importTitles, async (c, { user, body }) => {
    await requireConnection(user.id);
    const known = new Set((await engine.library.titles(user.id)).map((t) => t.np_communication_id));
    const unknown = body.npCommunicationIds.filter((id) => !known.has(id));
    if (unknown.length)
      throw new ApiError(400, 'unknown_titles', `${unknown.length} of these titles are not in your PSN title list (${unknown.slice(0, 3).join(', ')}…).`, {
        unknown: unknown.slice(0, 100),
      });
    const { job } = await engine.requestImport(user.id, [...new Set(body.npCommunicationIds)]);
    return c.json({ jobId: job.id }, 202);
  });

  routes.add(endpoints.syncNow, async (c, { user }) => {
    await requireConnection(user.id);
    const { job } = await engine.requestSync(user.id);
    return c.json({ jobId: job.id }, 202);
  });

  routes.add(endpoints.runs, async (c, { user, query }) => {
    const runs = query.jobId ? [await engine.runs.ofJob(query.jobId)].filter((r) => r?.user_id === user.id) : await engine.runs.list(user.id, query.limit);
    return c.json({ items: (runs as SyncRun[]).map(runView) });
  });

  const ownRun = async (userId: string, id: string) => {
    const run = await engine.runs.get(id);
    if (!run || run.user_id !== userId) throw notFound('That sync run');
    return run;
  };

  routes.add(endpoints.run, async (c, { user, params }) => c.json({ run: runView(await ownRun(user.id, params.id as string)) }));

  routes.add(endpoints.runEvents, async (c, { user, params }) => {
    const first = await ownRun(user.id, params.id as string);
    return streamSSE(c, async (stream) => {
      let run: SyncRun | undefined = first;
      let seen = '';
      while (run && !stream.aborted) {
        if (fingerprint(run) !== seen) {
          seen = fingerprint(run);
          await stream.writeSSE({ event: 'progress', data: JSON.stringify(runView(run)) });
        }
        if (run.state !== 'running') {
          await stream.writeSSE({ event: 'end', data: JSON.stringify(runView(run)) });
          return;
        }
        await stream.sleep(eventPollMs);
        run = await engine.runs.get(run.id);
      }
    });
  });

  routes.add(endpoints.syncEvents, (c, { user }) =>
    streamSSE(c, async (stream) => {
      const seen = new Map<string, string>();
      const since = new Date(now() - 60_000).toISOString();
      let quietSince = Date.now();
      while (!stream.aborted) {
        for (const run of await engine.runs.recent(user.id, since)) {
          if (seen.get(run.id) === fingerprint(run)) continue;
          seen.set(run.id, fingerprint(run));
          await stream.writeSSE({ event: 'progress', data: JSON.stringify(runView(run)) });
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
