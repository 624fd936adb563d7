/** Connecting, inspecting and disconnecting the PlayStation account. */
import { endpoints } from '@trophyroom/contract';
import type { AppDeps } from '../deps.ts';
import type { RouteTable } from '../route.ts';

export function connectionRoutes(routes: RouteTable, { connection }: AppDeps): void {
  routes.add(endpoints.connect, async (c, { user, body }) => {
    await connection.connect(user.id, body.npsso, { signal: c.req.raw.signal });
    return c.json({ connection: await connection.view(user.id) }, 201);
  });

  routes.add(endpoints.connection, async (c, { user }) => c.json({ connection: await connection.view(user.id) }));

  routes.add(endpoints.updateConnection, async (c, { user, body }) => {
    await connection.setAutoImport(user.id, body.autoImport);
    return c.json({ connection: await connection.view(user.id) });
  });

  routes.add(endpoints.disconnect, async (c, { user, query }) => c.json(await connection.disconnect(user.id, { wipe: query.wipe === 'true' })));
}
