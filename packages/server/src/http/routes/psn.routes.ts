/** The picker, import, "sync now", and the runs that report their progress (JSON and Server-Sent Events). */
import { streamSSE } from 'hono/streaming';
import type { SyncRun } from '../../db/schema.ts';
import type { PickerEntry } from '../../services/library-sync.service.ts';
import type { AppDeps } from '../deps.ts';
import { ApiError, notFound } from '../errors.ts';
import type { RouteTable } from '../route.ts';
import {
  importBody,
  jobResponse,
  pickerIdsQuery,
  pickerIdsResponse,
  pickerQuery,
  pickerResponse,
  runResponse,
  runsQuery,
  runsResponse,
} from '../schemas/psn.schema.ts';
import { titleListState } from './connection.routes.ts';

export function runView(r: SyncRun) {
  return {
    id: r.id,
    kind: r.kind,
    state: r.state,
    total: r.total,
    done: r.done,
    current: r.current,
    errors: JSON.parse(r.errors) as Array<{ npCommunicationId: string | null; kind: string; message: string }>,
    newTitles: JSON.parse(r.new_titles) as string[],
    requests: r.requests,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
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

  routes.add(
    {
      method: 'get',
      path: '/api/psn/titles',
      tag: 'picker',
      summary: 'The picker: every title in the PSN library, last played first, recent ones pre-selected',
      access: 'user',
      query: pickerQuery,
      responses: { 200: { description: 'A page of titles', schema: pickerResponse } },
    },
    async (c, { user, query }) => {
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
    },
  );

  routes.add(
    {
      method: 'get',
      path: '/api/psn/titles/ids',
      tag: 'picker',
      summary: 'Every title id in the picker matching the search and platform (or every pre-selected one), for "select all"',
      access: 'user',
      query: pickerIdsQuery,
      responses: { 200: { description: 'Ids', schema: pickerIdsResponse } },
    },
    async (c, { user, query }) => {
      const all = await engine.sync.picker(user.id, { recentDays: query.recentDays });
      return c.json({ ids: all.filter((t) => matches(query)(t) && (query.preselected === 'false' || t.preselected)).map((t) => t.npCommunicationId) });
    },
  );

  routes.add(
    {
      method: 'post',
      path: '/api/psn/import',
      tag: 'picker',
      summary: 'Import the picked titles in the background (progress: /api/sync/events)',
      access: 'user',
      body: importBody,
      responses: { 202: { description: 'Queued', schema: jobResponse } },
    },
    async (c, { user, body }) => {
      await requireConnection(user.id);
      const known = new Set((await engine.library.titles(user.id)).map((t) => t.np_communication_id));
      const unknown = body.npCommunicationIds.filter((id) => !known.has(id));
      if (unknown.length)
        throw new ApiError(400, 'unknown_titles', `${unknown.length} of these titles are not in your PSN title list (${unknown.slice(0, 3).join(', ')}…).`, {
          unknown: unknown.slice(0, 100),
        });
      const { job } = await engine.requestImport(user.id, [...new Set(body.npCommunicationIds)]);
      return c.json({ jobId: job.id }, 202);
    },
  );

  routes.add(
    {
      method: 'post',
      path: '/api/psn/sync',
      tag: 'picker',
      summary: 'Sync now (one sync per connection: asking again while one is queued returns it)',
      access: 'user',
      responses: { 202: { description: 'Queued', schema: jobResponse } },
    },
    async (c, { user }) => {
      await requireConnection(user.id);
      const { job } = await engine.requestSync(user.id);
      return c.json({ jobId: job.id }, 202);
    },
  );

  routes.add(
    {
      method: 'get',
      path: '/api/sync/runs',
      tag: 'runs',
      summary: 'Your sync runs, newest first',
      access: 'user',
      query: runsQuery,
      responses: { 200: { description: 'Runs', schema: runsResponse } },
    },
    async (c, { user, query }) => c.json({ items: (await engine.runs.list(user.id, query.limit)).map(runView) }),
  );

  const ownRun = async (userId: string, id: string) => {
    const run = await engine.runs.get(id);
    if (!run || run.user_id !== userId) throw notFound('That sync run');
    return run;
  };

  routes.add(
    {
      method: 'get',
      path: '/api/sync/runs/{id}',
      tag: 'runs',
      summary: 'One run: progress, errors, new titles',
      access: 'user',
      responses: { 200: { description: 'The run', schema: runResponse } },
    },
    async (c, { user, params }) => c.json({ run: runView(await ownRun(user.id, params.id as string)) }),
  );

  routes.add(
    {
      method: 'get',
      path: '/api/sync/runs/{id}/events',
      tag: 'runs',
      summary: 'Server-Sent Events: `progress` with the run on every change, then `end`',
      access: 'user',
      responses: { 200: { description: 'An event stream', contentType: 'text/event-stream' } },
    },
    async (c, { user, params }) => {
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
    },
  );

  routes.add(
    {
      method: 'get',
      path: '/api/sync/events',
      tag: 'runs',
      summary: 'Server-Sent Events: `progress` with a run whenever any of your runs changes',
      access: 'user',
      responses: { 200: { description: 'An event stream', contentType: 'text/event-stream' } },
    },
    (c, { user }) =>
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
