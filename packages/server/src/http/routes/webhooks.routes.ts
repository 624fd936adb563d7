/** Webhooks: the user's hooks, their delivery log, the test button (queued: no request waits on a receiver). */
import { endpoints } from '@trophyroom/contract';
import type { AppDeps } from '../deps.ts';
import type { RouteTable } from '../route.ts';

export function webhooksRoutes(routes: RouteTable, { notifications }: AppDeps): void {
  routes.add(endpoints.webhooks, async (c, { user }) => c.json({ items: await notifications.list(user.id) }));

  routes.add(endpoints.createWebhook, async (c, { user, body }) => c.json(await notifications.create(user.id, body), 201));

  routes.add(endpoints.updateWebhook, async (c, { user, params, body }) => c.json({ webhook: await notifications.update(user.id, params.id as string, body) }));

  routes.add(endpoints.deleteWebhook, async (c, { user, params }) => {
    await notifications.remove(user.id, params.id as string);
    return c.body(null, 204);
  });

  routes.add(endpoints.testWebhook, async (c, { user, params }) => c.json(await notifications.test(user.id, params.id as string), 202));

  routes.add(endpoints.webhookDeliveries, async (c, { user, params }) => c.json({ items: await notifications.deliveries(user.id, params.id as string) }));
}
