import { apiErrorSchema } from '@gatehouse/schemas';
import { z } from 'zod';
import type { AnyRoute } from './route.js';

const toSchema = (schema: z.ZodType, io: 'input' | 'output') =>
  z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' });

/** OpenAPI 3.1 from the route table: the schemas that validate requests are the ones documented. */
export function openApiDocument(routes: readonly AnyRoute[], issuer: string): object {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const path = r.path.replace(/:(\w+)/g, '{$1}');
    const parameters: unknown[] = [...r.path.matchAll(/:(\w+)/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    if (r.query) {
      const json = toSchema(r.query, 'input') as {
        properties?: Record<string, unknown>;
        required?: string[];
      };
      for (const [name, schema] of Object.entries(json.properties ?? {})) {
        parameters.push({ name, in: 'query', required: json.required?.includes(name) ?? false, schema });
      }
    }
    const status = String(r.status ?? (r.response || r.produces ? 200 : 204));
    const success = r.produces
      ? { description: 'OK', content: { [r.produces]: { schema: { type: 'string' } } } }
      : r.response
        ? { description: 'OK', content: { 'application/json': { schema: toSchema(r.response, 'output') } } }
        : { description: 'Done' };
    const error = {
      description: 'Refused',
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
    };
    (paths[path] ??= {})[r.method.toLowerCase()] = {
      summary: r.summary,
      tags: [r.tag],
      ...(r.deprecated ? { deprecated: true } : {}),
      ...(r.access === 'public' ? { security: [] } : {}),
      ...(parameters.length ? { parameters } : {}),
      ...(r.body
        ? {
            requestBody: {
              required: true,
              content: {
                'application/json': { schema: toSchema(r.body, 'input') },
                ...(r.yamlBody ? { 'application/yaml': { schema: { type: 'string' } } } : {}),
              },
            },
          }
        : {}),
      responses: { [status]: success, '4XX': error },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Gatehouse admin API',
      version: '1',
      description:
        'Manage teams, APIs, clients, secrets and access requests. Sign in to the portal (cookie + X-CSRF-Token header on changes), or send a Gatehouse access token for the gatehouse-admin resource server.',
    },
    servers: [{ url: issuer }],
    security: [{ session: [] }, { bearer: [] }],
    components: {
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'gh_session' },
        bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
      },
      schemas: { Error: toSchema(apiErrorSchema, 'output') },
    },
    paths,
  };
}
