/**
 * One route of the API as the contract declares it: method, path, who may call it, the zod
 * schemas of its query and body, and each answer's schema. The server mounts a handler on each
 * (validating requests, writing the OpenAPI document); tests check answers against them.
 * @module
 */
import type { z } from 'zod';

/** Who may call a route: anyone, a signed-in user, or the instance's admin. */
export type Access = 'public' | 'user' | 'admin';

export interface EndpointResponse {
  description: string;
  /** The JSON body; none for an empty answer (204) or an event stream. */
  schema?: z.ZodType;
  /** @default 'application/json' */
  contentType?: string;
  /** For `text/event-stream`: the schema of each event's JSON `data`, by event name. */
  events?: Record<string, z.ZodType>;
}

export interface Endpoint<Q extends z.ZodType | undefined = z.ZodType | undefined, B extends z.ZodType | undefined = z.ZodType | undefined> {
  method: 'get' | 'post' | 'patch' | 'delete';
  /** OpenAPI-style path, `/api/games/{npCommunicationId}`. */
  path: string;
  tag: string;
  summary: string;
  access: Access;
  query?: Q;
  body?: B;
  /** The successful answers by status; errors are `apiError` with a code of `errorCode`. */
  responses: Record<number, EndpointResponse>;
}
