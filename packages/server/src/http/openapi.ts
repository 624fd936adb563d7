/** The OpenAPI 3.1 document, generated from the route table's zod schemas. */
import { apiError, type Endpoint } from '@trophyroom/contract';
import { z } from 'zod';

type Components = Record<string, unknown>;

/** A zod schema as JSON Schema; its named parts (zod `.meta({ id })`) go to `components.schemas`. */
function jsonSchema(schema: z.ZodType, io: 'input' | 'output', components: Components): Record<string, unknown> {
  const {
    $defs,
    $schema: _,
    ...rest
  } = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as Record<string, unknown> & {
    $defs?: Record<string, unknown>;
  };
  const hoist = (value: unknown) => JSON.parse(JSON.stringify(value).replaceAll('"#/$defs/', '"#/components/schemas/')) as Record<string, unknown>;
  for (const [id, def] of Object.entries($defs ?? {})) components[id] ??= hoist(def);
  return hoist(rest);
}

function parameters(spec: Endpoint, components: Components) {
  const params: Record<string, unknown>[] = [];
  for (const [, name] of spec.path.matchAll(/\{(\w+)\}/g)) params.push({ name, in: 'path', required: true, schema: { type: 'string' } });
  if (spec.query) {
    const schema = jsonSchema(spec.query, 'input', components) as { properties?: Record<string, unknown>; required?: string[] };
    for (const [name, s] of Object.entries(schema.properties ?? {}))
      params.push({ name, in: 'query', required: schema.required?.includes(name) ?? false, schema: s });
  }
  return params;
}

export function openApiDocument(specs: readonly Endpoint[], info: { version: string }) {
  const components: Components = {};
  const paths: Record<string, Record<string, unknown>> = {};
  for (const spec of specs) {
    const responses: Record<string, unknown> = {};
    for (const [status, r] of Object.entries(spec.responses)) {
      if (r.schema)
        responses[status] = {
          description: r.description,
          content: { [r.contentType ?? 'application/json']: { schema: jsonSchema(r.schema, 'output', components) } },
        };
      else if (r.events)
        // OpenAPI 3.1 cannot type an event stream's items: each event's `data` schema goes in an extension.
        responses[status] = {
          description: r.description,
          content: {
            [r.contentType ?? 'text/event-stream']: {
              schema: { type: 'string' },
              'x-events': Object.fromEntries(Object.entries(r.events).map(([name, data]) => [name, jsonSchema(data, 'output', components)])),
            },
          },
        };
      else responses[status] = { description: r.description };
    }
    responses.default = { description: 'An error', content: { 'application/json': { schema: jsonSchema(apiError, 'output', components) } } };
    const operation: Record<string, unknown> = {
      tags: [spec.tag],
      summary: spec.summary,
      parameters: parameters(spec, components),
      responses,
      ...(spec.access === 'public' ? { security: [] } : {}),
    };
    if (spec.body) operation.requestBody = { required: true, content: { 'application/json': { schema: jsonSchema(spec.body, 'input', components) } } };
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
      schemas: components,
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'trophyroom_session' },
        token: { type: 'http', scheme: 'bearer', description: 'A personal API token (`trp_…`) from POST /api/tokens' },
      },
    },
    security: [{ session: [] }, { token: [] }],
    paths,
  };
}
