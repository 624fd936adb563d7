/** The OpenAPI 3.1 document, generated from the route table's zod schemas. */
import { z } from 'zod';
import { apiError } from './schemas/common.schema.ts';
import type { RouteSpec } from './route.ts';

type AnySpec = RouteSpec<z.ZodType | undefined, z.ZodType | undefined>;

const jsonSchema = (schema: z.ZodType, io: 'input' | 'output') => z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' });

function parameters(spec: AnySpec) {
  const params: Record<string, unknown>[] = [];
  for (const [, name] of spec.path.matchAll(/\{(\w+)\}/g)) params.push({ name, in: 'path', required: true, schema: { type: 'string' } });
  if (spec.query) {
    const schema = jsonSchema(spec.query, 'input') as { properties?: Record<string, unknown>; required?: string[] };
    for (const [name, s] of Object.entries(schema.properties ?? {}))
      params.push({ name, in: 'query', required: schema.required?.includes(name) ?? false, schema: s });
  }
  return params;
}

export function openApiDocument(specs: readonly AnySpec[], info: { version: string }) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const spec of specs) {
    const responses: Record<string, unknown> = {};
    for (const [status, r] of Object.entries(spec.responses)) {
      responses[status] = r.schema
        ? { description: r.description, content: { [r.contentType ?? 'application/json']: { schema: jsonSchema(r.schema, 'output') } } }
        : { description: r.description };
    }
    responses.default = { description: 'An error', content: { 'application/json': { schema: jsonSchema(apiError, 'output') } } };
    const operation: Record<string, unknown> = {
      tags: [spec.tag],
      summary: spec.summary,
      parameters: parameters(spec),
      responses,
      ...(spec.access === 'public' ? { security: [] } : {}),
    };
    if (spec.body) operation.requestBody = { required: true, content: { 'application/json': { schema: jsonSchema(spec.body, 'input') } } };
    paths[spec.path] ??= {};
    (paths[spec.path] as Record<string, unknown>)[spec.method] = operation;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Trophyroom API',
      version: info.version,
      description: 'Your PlayStation trophies, imported and synced. Errors share one shape: `{error: {code, message}}`.',
    },
    components: {
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'trophyroom_session' },
        token: { type: 'http', scheme: 'bearer', description: 'A personal API token (`trp_…`) from POST /api/tokens' },
      },
    },
    security: [{ session: [] }, { token: [] }],
    paths,
  };
}
