import * as z from '../zod';
import { maxBodyBytes } from './body';
import { components } from './components';
import { type ProblemCode, problemCodes } from './problem-codes';
import { problemSchema } from './resources';
import { type Route, routes, tags } from './routes';

type JsonSchema = Record<string, unknown>;

const componentRef = (id: string) => `#/components/schemas/${id}`;

/** The registered id of a schema the route table uses; every body and response schema must have one. */
const idOf = (schema: z.core.$ZodType, where: string): string => {
  const id = components.get(schema)?.id;
  if (!id) throw new Error(`${where}: the schema is not registered in lib/http/components.ts`);
  return id;
};

const refTo = (schema: z.core.$ZodType, where: string): JsonSchema => ({ $ref: componentRef(idOf(schema, where)) });

/** Every `$ref` id inside a JSON schema. */
const refsIn = (json: unknown): string[] =>
  JSON.stringify(json)
    .match(/"#\/components\/schemas\/[^"]+"/g)
    ?.map((ref) => ref.slice('"#/components/schemas/'.length, -1)) ?? [];

/**
 * `components/schemas`: request bodies (and what they refer to) as zod reads them (`io: input`, defaults optional),
 * everything else as the API writes it (`io: output`).
 */
const componentSchemas = (): Record<string, JsonSchema | undefined> => {
  const convert = (io: 'input' | 'output') => {
    const { schemas } = z.toJSONSchema(components, {
      target: 'draft-2020-12',
      io,
      uri: componentRef,
      unrepresentable: 'any',
    });
    return Object.fromEntries(
      Object.entries(schemas).map(([id, { $schema, $id, ...schema }]) => [id, schema as JsonSchema]),
    );
  };
  const input = convert('input');
  const output = convert('output');
  const inputIds = new Set<string>();
  const visit = (id: string) => {
    if (inputIds.has(id)) return;
    inputIds.add(id);
    for (const ref of refsIn(input[id])) visit(ref);
  };
  for (const route of routes) {
    if (route.body) visit(idOf(route.body.schema, route.operationId));
  }
  return Object.fromEntries(Object.entries(output).map(([id, schema]) => [id, inputIds.has(id) ? input[id] : schema]));
};

/** The properties of a path or query schema as OpenAPI parameters, with their descriptions lifted up. */
const parameters = (schema: z.core.$ZodType | undefined, where: 'path' | 'query'): JsonSchema[] => {
  if (!schema) return [];
  const json = z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' });
  const required = new Set((json.required as string[] | undefined) ?? []);
  return Object.entries((json.properties ?? {}) as Record<string, JsonSchema>).map(
    ([name, { description, ...property }]) => ({
      name,
      in: where,
      required: where === 'path' || required.has(name),
      ...(description ? { description } : {}),
      schema: property,
    }),
  );
};

const idempotencyKey = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description:
    'The same key with the same body within 24 h replays the first answer (status and body) with ' +
    '`Idempotent-Replayed: true`; with another body 422 idempotency_key_reused; while the first still runs 409 ' +
    'idempotency_in_progress. Keys are scoped to the tenant.',
  schema: { type: 'string', minLength: 1, maxLength: 255 },
};

const replayedHeader = {
  'Idempotent-Replayed': {
    description: 'true when this is the stored answer to an earlier request with the same Idempotency-Key',
    schema: { type: 'string', enum: ['true'] },
  },
};

/** The problem codes an operation may answer: those its route lists plus those every route of its kind may. */
const problemsOf = (route: Route): ProblemCode[] => {
  const codes = new Set<ProblemCode>(route.problems);
  if (route.auth) {
    codes.add('unauthorized');
    codes.add('forbidden');
    codes.add('service_unavailable');
    if (route.params || route.query || route.body || route.idempotent) codes.add('validation_error');
    if (route.body) {
      codes.add('payload_too_large');
      codes.add('unsupported_media_type');
    }
    if (route.idempotent) {
      codes.add('idempotency_in_progress');
      codes.add('idempotency_key_reused');
    }
  }
  if (!route.responses[500]) codes.add('internal_error');
  return [...codes];
};

const problemResponses = (route: Route): Record<string, JsonSchema> => {
  const byStatus = new Map<number, ProblemCode[]>();
  for (const code of problemsOf(route)) {
    const { status } = problemCodes[code];
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  return Object.fromEntries(
    [...byStatus].map(([status, codes]) => [
      String(status),
      {
        description: codes.map((code) => `\`${code}\`: ${problemCodes[code].when}`).join('; '),
        content: { 'application/problem+json': { schema: refTo(problemSchema, 'Problem') } },
      },
    ]),
  );
};

const operation = (route: Route): JsonSchema => {
  const declared = [...route.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => name);
  const pathParams = parameters(route.params, 'path');
  if (declared.join() !== pathParams.map((p) => p.name).join()) {
    throw new Error(`${route.operationId}: path parameters ${declared.join()} need a params schema`);
  }
  const ownResponses = Object.entries(route.responses).map(([status, answer]) => [
    status,
    {
      description: answer.description,
      ...(route.idempotent && Number(status) < 300 ? { headers: replayedHeader } : {}),
      ...(answer.schema
        ? {
            content: {
              [answer.contentType ?? 'application/json']: {
                schema: refTo(answer.schema, `${route.operationId} ${status}`),
              },
            },
          }
        : {}),
    },
  ]);
  const body = route.body;
  return {
    operationId: route.operationId,
    tags: [route.tag],
    summary: route.summary,
    description: route.scope
      ? `${route.description}\n\nNeeds an API key with the \`${route.scope}\` scope.`
      : route.description,
    security: route.scope ? [{ apiKey: [route.scope] }] : [],
    parameters: [...pathParams, ...parameters(route.query, 'query'), ...(route.idempotent ? [idempotencyKey] : [])],
    ...(body
      ? {
          requestBody: {
            required: body.required,
            description: route.auth ? `JSON, at most ${maxBodyBytes} bytes.` : 'As the provider sends it.',
            content: Object.fromEntries(
              (body.contentTypes ?? ['application/json']).map((type) => [
                type,
                { schema: refTo(body.schema, `${route.operationId} body`) },
              ]),
            ),
          },
        }
      : {}),
    responses: Object.fromEntries(
      [...ownResponses, ...Object.entries(problemResponses(route))].sort(([a], [b]) =>
        String(a).localeCompare(String(b)),
      ),
    ),
  };
};

/** The OpenAPI 3.1 document, generated from the route table and its zod schemas. */
export const buildOpenApi = () => {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    if (route.documented === false) continue;
    paths[route.path] = { ...paths[route.path], [route.method.toLowerCase()]: operation(route) };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'paybridge',
      version: '1.0.0',
      description:
        'One HTTP API in front of TCC settlement, Zhixiao and Shouqianba. Money is integer fen; errors are ' +
        'application/problem+json with a stable `code`; a request refused with a 4xx before reaching a provider ' +
        'stores nothing.',
    },
    servers: [{ url: '/', description: 'The gateway that serves this document' }],
    tags: Object.entries(tags).map(([name, description]) => ({ name, description })),
    security: [{ apiKey: [] }],
    paths,
    components: {
      schemas: componentSchemas(),
      securitySchemes: {
        apiKey: {
          type: 'http',
          scheme: 'bearer',
          description:
            "The tenant's API key: `Authorization: Bearer <key>`. Each key carries scopes (`payments:write`, " +
            '`payments:read`, `operator`, `admin`); each operation names the one it needs.',
        },
      },
    },
  };
};
