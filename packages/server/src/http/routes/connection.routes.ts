/** Connecting, inspecting and disconnecting the PlayStation account. */
import { endpoints } from '@trophyroom/contract';
import type { Engine } from '../../engine.ts';
import type { AppDeps } from '../deps.ts';
import { ApiError } from '../errors.ts';
import type { RouteTable } from '../route.ts';

/** Whether the title list that fills the picker is still being fetched. */
export async function titleListState(engine: Engine, userId: string): Promise<'loading' | 'ready'> {
  return (await engine.queue.pending(`title-list:${userId}`)) ? 'loading' : 'ready';
}

async function connectionView(engine: Engine, userId: string) {
  const status = await engine.connect.status(userId);
  if (!status) return null;
  const [titleList, last] = await Promise.all([titleListState(engine, userId), engine.runs.latest(userId)]);
  const { lastSyncAt: _, ...rest } = status;
  return {
    ...rest,
    titleList,
    lastSync: last ? { runId: last.id, kind: last.kind, state: last.state, at: last.finished_at ?? last.started_at } : null,
  };
}

export function connectionRoutes(routes: RouteTable, { engine }: AppDeps): void {
  routes.add(endpoints.connect, async (c, { user, body }) => {
    await engine.connectPsn(user.id, body.npsso, c.req.raw.signal);
    return c.json({ connection: await connectionView(engine, user.id) }, 201);
  });

  routes.add(endpoints.connection, async (c, { user }) => c.json({ connection: await connectionView(engine, user.id) }));

  routes.add(endpoints.updateConnection, async (c, { user, body }) => {
    if (!(await engine.connections.get(user.id)))
      throw new ApiError(404, 'not_connected', 'No PlayStation account is connected. Connect one in Settings first.');
    await engine.connections.update(user.id, { auto_import: body.autoImport ? 1 : 0 });
    return c.json({ connection: await connectionView(engine, user.id) });
  });

  routes.add(endpoints.disconnect, async (c, { user, query }) => c.json(await engine.disconnectPsn(user.id, { wipe: query.wipe === 'true' })));
}
