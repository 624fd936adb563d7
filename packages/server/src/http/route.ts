/**
 * Mounts a handler on each route of the contract (`@trophyroom/contract`'s `endpoints`: method,
 * path, who may call it, the zod schemas of its query, body and answers). The same declaration
 * validates requests (one 400 shape) and feeds the OpenAPI document, so the two never disagree.
 * @module
 */
import type { Access, Endpoint } from '@trophyroom/contract';
import type { Context, Hono } from 'hono';
import type { z } from 'zod';
import type { User } from '../services/accounts.service.ts';
import type { AppEnv } from './context.ts';
import { ApiError } from './errors.ts';

type Infer<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface Input<Q, B, A extends Access> {
  query: Infer<Q>;
  body: Infer<B>;
  params: Record<string, string>;
  user: A extends 'public' ? User | undefined : User;
}

function invalid(issues: z.core.$ZodIssue[], where: 'query' | 'body'): ApiError {
  const list = issues.map((i) => ({ path: [where, ...i.path.map(String)].join('.'), message: i.message }));
  const first = list[0];
  return new ApiError(400, 'invalid_request', first ? `${first.path}: ${first.message}` : `The ${where} is not valid.`, { issues: list });
}

/** Collects route declarations and mounts them on a Hono app. */
export class RouteTable {
  readonly specs: Endpoint[] = [];

  constructor(private readonly app: Hono<AppEnv>) {}

  add<Q extends z.ZodType | undefined = undefined, B extends z.ZodType | undefined = undefined, A extends Access = Access>(
    spec: Endpoint<Q, B> & { access: A },
    handler: (c: Context<AppEnv>, input: Input<Q, B, A>) => Response | Promise<Response>,
  ): void {
    this.specs.push(spec as Endpoint);
    const path = spec.path.replace(/\{(\w+)\}/g, ':$1');
    this.app.on(spec.method.toUpperCase(), path, async (c) => {
      const user = c.get('user');
      if (spec.access !== 'public' && !user) throw new ApiError(401, 'unauthenticated', 'Sign in first (or send a personal API token as a Bearer token).');
      if (spec.access === 'admin' && user?.admin !== 1) throw new ApiError(403, 'forbidden', 'Only the admin of this instance can do that.');
      let query: unknown;
      if (spec.query) {
        const parsed = spec.query.safeParse(c.req.query());
        if (!parsed.success) throw invalid(parsed.error.issues, 'query');
        query = parsed.data;
      }
      let body: unknown;
      if (spec.body) {
        let raw: unknown;
        try {
          raw = await c.req.json();
        } catch {
          throw new ApiError(400, 'invalid_request', 'The body must be JSON (Content-Type: application/json).');
        }
        const parsed = spec.body.safeParse(raw);
        if (!parsed.success) throw invalid(parsed.error.issues, 'body');
        body = parsed.data;
      }
      return handler(c, { query, body, params: c.req.param() as Record<string, string>, user } as Input<Q, B, A>);
    });
  }
}
