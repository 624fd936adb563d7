/**
 * The boundary: Sony's body is parsed and validated once, here; a body that is not the promised
 * JSON becomes a `MalformedResponseError` naming the endpoint and the first field that failed.
 * @module
 */
import type { z } from 'zod';
import { MalformedResponseError } from '../errors/kinds.ts';

/** Parses and validates a JSON body against an endpoint's schema. */
export function parseBody<S extends z.ZodType>(text: string, schema: S, context: { endpoint: string; status: number }): z.output<S> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new MalformedResponseError(`PSN answered ${context.endpoint} with a body that is not JSON (${text.length} bytes).`, '', {
      ...context,
      retryable: true,
    });
  }
  const result = schema.safeParse(json);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = issue ? issue.path.map(String).join('.') : '';
  throw new MalformedResponseError(`PSN answered ${context.endpoint} with an unexpected body at "${path || '(root)'}": ${issue?.message ?? 'invalid'}.`, path, {
    ...context,
    retryable: false,
  });
}
