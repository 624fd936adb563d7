/** Connecting, inspecting and disconnecting the PlayStation account. */
import type { Engine } from '../../engine.ts';
import type { AppDeps } from '../deps.ts';
import { ApiError } from '../errors.ts';
import type { RouteTable } from '../route.ts';
import { connectBody, connectionPatch, connectionResponse, disconnectQuery, disconnectResponse } from '../schemas/connection.schema.ts';

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
  routes.add(
    {
      method: 'post',
      path: '/api/connections/psn',
      tag: 'connection',
      summary: 'Connect a PlayStation account with an NPSSO (used once, never stored); the title list starts loading',
      access: 'user',
      body: connectBody,
      responses: { 201: { description: 'Connected', schema: connectionResponse } },
    },
    async (c, { user, body }) => {
      await engine.connectPsn(user.id, body.npsso, c.req.raw.signal);
      return c.json({ connection: await connectionView(engine, user.id) }, 201);
    },
  );

  routes.add(
    {
      method: 'get',
      path: '/api/connections/psn',
      tag: 'connection',
      summary: 'The connection: online id, token countdown, short-token reason, last sync',
      access: 'user',
      responses: { 200: { description: 'The connection, or null', schema: connectionResponse } },
    },
    async (c, { user }) => c.json({ connection: await connectionView(engine, user.id) }),
  );

  routes.add(
    {
      method: 'patch',
      path: '/api/connections/psn',
      tag: 'connection',
      summary: 'Turn auto-import of new titles on or off',
      access: 'user',
      body: connectionPatch,
      responses: { 200: { description: 'The connection', schema: connectionResponse } },
    },
    async (c, { user, body }) => {
      if (!(await engine.connections.get(user.id)))
        throw new ApiError(404, 'not_connected', 'No PlayStation account is connected. Connect one in Settings first.');
      await engine.connections.update(user.id, { auto_import: body.autoImport ? 1 : 0 });
      return c.json({ connection: await connectionView(engine, user.id) });
    },
  );

  routes.add(
    {
      method: 'delete',
      path: '/api/connections/psn',
      tag: 'connection',
      summary: 'Disconnect: the tokens are deleted; with wipe=true the imported data too',
      access: 'user',
      query: disconnectQuery,
      responses: { 200: { description: 'What was done', schema: disconnectResponse } },
    },
    async (c, { user, query }) => c.json(await engine.disconnectPsn(user.id, { wipe: query.wipe === 'true' })),
  );
}
