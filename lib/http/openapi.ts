import { z } from 'zod';
import { routes } from './routes';

const jsonSchema = (schema: z.ZodType, io: 'input' | 'output') =>
  z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' });

/** The OpenAPI 3.1 document, generated from the route table and its zod schemas. */
export const buildOpenApi = () => {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const params = [...r.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({
      name,
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    const query = r.query
      ? Object.entries((jsonSchema(r.query, 'input').properties ?? {}) as Record<string, unknown>).map(
          ([name, schema]) => ({ name, in: 'query', required: false, schema }),
        )
      : [];
    paths[r.path] ??= {};
    (paths[r.path] as Record<string, unknown>)[r.method.toLowerCase()] = {
      operationId: r.operationId,
      summary: r.summary,
      ...(r.auth ? {} : { security: [] }),
      parameters: [
        ...params,
        ...query,
        ...(r.method === 'POST'
          ? [{ name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', maxLength: 255 } }]
          : []),
      ],
      ...(r.body && r.method === 'POST'
        ? { requestBody: { required: false, content: { 'application/json': { schema: jsonSchema(r.body, 'input') } } } }
        : {}),
      responses: Object.fromEntries(
        Object.entries(r.responses).map(([status, schema]) => [
          status,
          {
            description: status,
            content: {
              [Number(status) >= 400 ? 'application/problem+json' : 'application/json']: {
                schema: jsonSchema(schema, 'output'),
              },
            },
          },
        ]),
      ),
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'paybridge',
      version: '1.0.0',
      description: 'One HTTP API in front of TCC, Zhixiao and Shouqianba.',
    },
    components: { securitySchemes: { apiKey: { type: 'http', scheme: 'bearer' } } },
    security: [{ apiKey: [] }],
    paths,
  };
};
