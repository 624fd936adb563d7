/**
 * Whether an answer keeps the contract: a declared status of the route, a body its schema
 * parses (an error: `apiError`), an event its stream declares. For the test doubles and
 * harnesses that hold an implementation to the contract; the server itself validates requests only.
 * @module
 */
import type { z } from 'zod';
import { apiError } from './common.schema.ts';
import { matchEndpoint } from './match-endpoint.ts';

function parseProblem(schema: z.ZodType, value: unknown, where: string): string | undefined {
  const parsed = schema.safeParse(value);
  if (parsed.success) return undefined;
  const issues = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`).join('\n');
  return `${where} breaks the contract:\n${issues}`;
}

/**
 * Why a JSON answer breaks the contract, or undefined when it keeps it. `body` is the parsed JSON
 * (undefined for an empty body).
 * @example contractProblem('GET', '/api/stats', 200, await response.json())
 */
export function contractProblem(method: string, pathname: string, status: number, body: unknown): string | undefined {
  const where = `${method.toUpperCase()} ${pathname} → ${status}`;
  if (status >= 400) return parseProblem(apiError, body, where);
  const matched = matchEndpoint(method, pathname);
  if (!matched) return `${where}: the contract has no such route`;
  const declared = matched.endpoint.responses[status];
  if (!declared) return `${where}: the contract's ${matched.name} answers ${Object.keys(matched.endpoint.responses).join(' or ')}`;
  if (declared.events) return `${where}: ${matched.name} is an event stream (check its events with eventProblem)`;
  if (declared.schema) return parseProblem(declared.schema, body, where);
  return body === undefined ? undefined : `${where}: the contract's ${matched.name} answers with no body`;
}

/** Why one Server-Sent Event (its name and JSON `data`) breaks the contract of its stream, or undefined. */
export function eventProblem(pathname: string, event: string, data: unknown): string | undefined {
  const where = `GET ${pathname} event ${event}`;
  const matched = matchEndpoint('get', pathname);
  const events = matched?.endpoint.responses[200]?.events;
  if (!events) return `${where}: the contract has no such event stream`;
  const schema = events[event];
  if (!schema) return `${where}: the stream declares only ${Object.keys(events).join(', ')}`;
  return parseProblem(schema, data, where);
}
