/**
 * The admin API under `/__sim/`: change the world (earn a trophy, add a title, publish DLC,
 * new session, revoke tokens, privacy), move the clock, set faults, and read request counters.
 * Not a Sony path: it is never rate limited, faulted or counted. Documented in the package README.
 * @module
 */
import type { Context } from 'hono';
import type { Env, Simulator } from '../simulator.ts';
import { titleEntry } from './trophy-views.ts';
import type { FaultRule } from '../middleware/faults.ts';

const DAY = 86_400_000;

class AdminError extends Error {
  constructor(
    readonly status: 400 | 404,
    message: string,
  ) {
    super(message);
  }
}

export function registerAdminRoutes(sim: Simulator): void {
  const { world, clock, faults, counters } = sim;
  const app = sim.app;

  const body = async (c: Context<Env>): Promise<Record<string, unknown>> => {
    const text = await c.req.text();
    if (!text) return {};
    try {
      const value = JSON.parse(text) as unknown;
      if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
    } catch {
      // fall through to the error below
    }
    throw new AdminError(400, 'the body must be a JSON object');
  };

  const account = (c: Context<Env>) => {
    const id = c.req.param('account') ?? '';
    const found = world.findAccount(id);
    if (!found) throw new AdminError(404, `no account "${id}" (use an account id or online id)`);
    return found;
  };

  const admin =
    (handler: (c: Context<Env>) => unknown | Promise<unknown>) =>
    async (c: Context<Env>): Promise<Response> => {
      try {
        return c.json((await handler(c)) as object);
      } catch (error) {
        if (error instanceof AdminError) return c.json({ error: error.message }, error.status);
        if (error instanceof RangeError) return c.json({ error: error.message }, 400);
        throw error;
      }
    };

  app.get(
    '/__sim',
    admin(() => ({
      seed: sim.options.seed,
      accounts: sim.options.accounts,
      titlesPerLibrary: sim.options.titlesMax > sim.options.titles ? [sim.options.titles, sim.options.titlesMax] : sim.options.titles,
      catalogSize: world.catalog.size,
      now: new Date(clock.now()).toISOString(),
      rateLimit: sim.options.rateLimit,
      routes: 'see packages/psn-sim/README.md',
    })),
  );

  app.get(
    '/__sim/accounts',
    admin((c) => {
      const offset = Math.max(0, Number(c.req.query('offset') ?? 0) || 0);
      const limit = Math.min(1000, Math.max(1, Number(c.req.query('limit') ?? 100) || 100));
      const end = Math.min(sim.options.accounts, offset + limit);
      const accounts = [];
      for (let i = offset; i < end; i++)
        accounts.push({ ...sim.credentialsOf(i), privateTrophies: world.account(i).privateTrophies, titles: world.account(i).librarySize });
      return { accounts, totalItemCount: sim.options.accounts };
    }),
  );

  app.get(
    '/__sim/accounts/:account',
    admin((c) => {
      const a = account(c);
      const session = world.session(a.index);
      return {
        ...a,
        npsso: sim.npssoOf(a.index),
        session: { startedAt: new Date(session.startMs).toISOString(), expiresAt: new Date(session.expiresMs).toISOString() },
        titles: world.library(a.index).items.length,
        summary: world.summary(a.index),
      };
    }),
  );

  app.post(
    '/__sim/accounts/:account/trophies',
    admin(async (c) => {
      const a = account(c);
      const b = await body(c);
      if (typeof b.npCommunicationId !== 'string' || typeof b.trophyId !== 'number')
        throw new AdminError(400, 'give npCommunicationId (string) and trophyId (number)');
      const at = typeof b.earnedDateTime === 'string' ? Date.parse(b.earnedDateTime) : undefined;
      if (at !== undefined && Number.isNaN(at)) throw new AdminError(400, 'earnedDateTime must be an ISO date');
      const state = world.earnTrophy(a.index, b.npCommunicationId, b.trophyId, { at, progress: typeof b.progress === 'number' ? b.progress : undefined });
      return { title: titleEntry(state, 'en') };
    }),
  );

  app.post(
    '/__sim/accounts/:account/titles',
    admin(async (c) => {
      const a = account(c);
      const b = await body(c);
      const state = world.addTitle(a.index, typeof b.npCommunicationId === 'string' ? b.npCommunicationId : undefined);
      return { title: titleEntry(state, 'en') };
    }),
  );

  app.delete(
    '/__sim/accounts/:account/titles/:npCommunicationId',
    admin((c) => {
      const a = account(c);
      const id = c.req.param('npCommunicationId') ?? '';
      if (!world.library(a.index).byId.has(id)) throw new AdminError(404, `title ${id} is not in the library of ${a.onlineId}`);
      world.removeTitle(a.index, id);
      return { removed: id, titles: world.library(a.index).items.length };
    }),
  );

  app.post(
    '/__sim/accounts/:account/session',
    admin(async (c) => {
      const a = account(c);
      const b = await body(c);
      world.newSession(a.index, typeof b.ageDays === 'number' ? b.ageDays : 0);
      const session = world.session(a.index);
      return { npsso: sim.npssoOf(a.index), expiresAt: new Date(session.expiresMs).toISOString() };
    }),
  );

  app.post(
    '/__sim/accounts/:account/token-lifetime',
    admin(async (c) => {
      const a = account(c);
      const b = await body(c);
      const ttl = b.refreshTokenTtl;
      if (typeof ttl !== 'number' || !Number.isInteger(ttl) || ttl < 1) throw new AdminError(400, 'give refreshTokenTtl (seconds, e.g. 863999 for 10 days)');
      world.setRefreshTokenTtl(a.index, ttl);
      return { refreshTokenTtl: world.refreshTokenTtlOf(a.index) };
    }),
  );

  app.post(
    '/__sim/accounts/:account/revoke',
    admin((c) => {
      const a = account(c);
      world.revokeTokens(a.index);
      return { revoked: true, npsso: sim.npssoOf(a.index) };
    }),
  );

  app.post(
    '/__sim/accounts/:account/privacy',
    admin(async (c) => {
      const a = account(c);
      const b = await body(c);
      world.setPrivacy(a.index, {
        privateTrophies: typeof b.privateTrophies === 'boolean' ? b.privateTrophies : undefined,
        privateFriends: typeof b.privateFriends === 'boolean' ? b.privateFriends : undefined,
      });
      const updated = world.account(a.index);
      return { privateTrophies: updated.privateTrophies, privateFriends: updated.privateFriends };
    }),
  );

  app.post(
    '/__sim/titles/:npCommunicationId/dlc',
    admin(async (c) => {
      const b = await body(c);
      const trophies = typeof b.trophies === 'number' ? b.trophies : 5;
      if (!Number.isInteger(trophies) || trophies < 1 || trophies > 50) throw new AdminError(400, 'trophies must be 1 to 50');
      const title = world.publishDlc(c.req.param('npCommunicationId') ?? '', trophies);
      if (!title) throw new AdminError(404, 'no such title');
      return {
        npCommunicationId: title.npCommunicationId,
        trophySetVersion: title.version,
        trophyGroupCount: title.groups.length,
        definedTrophies: title.trophies.length,
      };
    }),
  );

  app.get(
    '/__sim/clock',
    admin(() => ({ now: new Date(clock.now()).toISOString(), epochMs: clock.now() })),
  );
  app.post(
    '/__sim/clock',
    admin(async (c) => {
      const b = await body(c);
      const ms =
        typeof b.set === 'string'
          ? Date.parse(b.set) - clock.now()
          : (Number(b.advanceMs ?? 0) || 0) + (Number(b.advanceSeconds ?? 0) || 0) * 1000 + (Number(b.advanceDays ?? 0) || 0) * DAY;
      if (!Number.isFinite(ms) || ms < 0)
        throw new AdminError(400, 'the clock only moves forward: give advanceMs, advanceSeconds, advanceDays or a future "set" date');
      if (clock.now() + ms > 8.64e15) throw new AdminError(400, 'that would move the clock past the last date JavaScript can represent');
      clock.advance(ms);
      return { now: new Date(clock.now()).toISOString(), epochMs: clock.now() };
    }),
  );

  app.get(
    '/__sim/faults',
    admin(() => ({ faults: faults.list() })),
  );
  app.post(
    '/__sim/faults',
    admin(async (c) => {
      const b = await body(c);
      const rules = (Array.isArray(b.faults) ? b.faults : [b]) as FaultRule[];
      if (!rules.every((rule) => rule && typeof rule === 'object' && !Array.isArray(rule)))
        throw new AdminError(400, 'each fault rule must be an object such as {"kind":"error","status":503}');
      return { faults: rules.map((rule) => faults.add(rule)) };
    }),
  );
  app.delete(
    '/__sim/faults',
    admin(() => {
      faults.clear();
      return { faults: [] };
    }),
  );
  app.delete(
    '/__sim/faults/:id',
    admin((c) => {
      if (!faults.remove(c.req.param('id') ?? '')) throw new AdminError(404, 'no such fault');
      return { removed: c.req.param('id') };
    }),
  );

  app.get(
    '/__sim/requests',
    admin((c) => {
      const id = c.req.query('account');
      if (!id) return { ...counters.get(), accounts: counters.accounts() };
      const a = world.findAccount(id);
      if (!a) throw new AdminError(404, `no account "${id}"`);
      return counters.get(a.accountId);
    }),
  );
  app.delete(
    '/__sim/requests',
    admin(() => {
      counters.reset();
      return { reset: true };
    }),
  );
  app.post(
    '/__sim/rate-limit/reset',
    admin(() => {
      sim.limiter?.reset();
      sim.edgeFirewall?.reset();
      return { reset: true };
    }),
  );
}
