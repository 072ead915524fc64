import { createHash } from 'node:crypto';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import {
  ForbiddenError,
  GatewayError,
  IdempotencyInProgressError,
  IdempotencyKeyReusedError,
  UnauthorizedError,
  ValidationError,
} from '../domain/errors';
import { publishMetrics } from '../metrics';
import { getRuntime, type Runtime } from '../runtime';
import { platformTenantId, type Scope } from '../tenancy/scopes';
import * as z from '../zod';
import { bodyBytes, checkBodySize, parseJsonBody } from './body';
import { toProblemResponse, validationErrorOf } from './problem';
import { type ApiResponse, json } from './response';

export interface ApiRequest<B, Q, P> {
  body: B;
  query: Q;
  params: P;
  tenantId: string;
  rt: Runtime;
  /**
   * Stores `response` as the answer to this request's Idempotency-Key now, before the work is done: a use case
   * calls it once the provider may be called, so a retry of a request that then failed replays this answer
   * instead of doing the work again. A no-op without a key.
   */
  checkpoint: (response: ApiResponse) => Promise<void>;
}

export interface ApiSpec<B extends z.core.$ZodType, Q extends z.core.$ZodType, P extends z.core.$ZodType> {
  /** The scope an API key needs; must match the route table's (a unit test holds them together). */
  scope: Scope;
  body?: B;
  query?: Q;
  params?: P;
  /** Honour `Idempotency-Key` (every POST that changes something). */
  idempotent?: boolean;
}

const parse = <T extends z.core.$ZodType>(schema: T | undefined, value: unknown, where: string): z.infer<T> => {
  if (!schema) return undefined as z.infer<T>;
  const result = z.safeParse(schema, value);
  if (!result.success) throw validationErrorOf(result.error, where);
  return result.data;
};

const header = (event: APIGatewayProxyEventV2, name: string): string | undefined =>
  event.headers?.[name] ?? event.headers?.[name.toLowerCase()];

/**
 * The key's tenant, if the key is known, not revoked, its tenant active (admin keys belong to no tenant record), and
 * it carries the scope the route needs (403 naming it otherwise).
 */
const authenticate = async (rt: Runtime, event: APIGatewayProxyEventV2, scope: Scope): Promise<string> => {
  const match = /^Bearer (\S+)$/i.exec(header(event, 'authorization') ?? '');
  const identity = match ? await rt.apiKeys.identify(match[1] as string) : undefined;
  if (!identity) throw new UnauthorizedError();
  if (identity.tenantId !== platformTenantId && !(await rt.tenants.isActive(identity.tenantId))) {
    throw new UnauthorizedError();
  }
  if (!identity.scopes.includes(scope)) throw new ForbiddenError(scope);
  return identity.tenantId;
};

/** Sorted-key JSON, so the same body sent with its keys in another order is the same request. */
const canonical = (value: unknown): string =>
  JSON.stringify(value, (_k, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );

type Checkpoint = ApiRequest<unknown, unknown, unknown>['checkpoint'];

/**
 * Runs `run` under the tenant's Idempotency-Key exactly as API.md says. A server error releases the key so the
 * request may be retried — unless the use case stored a checkpoint answer first (the provider may have acted):
 * then the key keeps that answer.
 */
const withIdempotency = async (
  rt: Runtime,
  tenantId: string,
  key: string,
  requestHash: string,
  run: (checkpoint: Checkpoint) => Promise<APIGatewayProxyStructuredResultV2>,
): Promise<APIGatewayProxyStructuredResultV2> => {
  const claim = await rt.idempotency.claim(tenantId, key, requestHash);
  if (claim.kind !== 'claimed' && claim.requestHash !== requestHash) throw new IdempotencyKeyReusedError();
  if (claim.kind === 'in_progress') throw new IdempotencyInProgressError();
  if (claim.kind === 'replay') {
    return {
      statusCode: claim.response.statusCode,
      headers: {
        'content-type': claim.response.statusCode >= 400 ? 'application/problem+json' : 'application/json',
        'idempotent-replayed': 'true',
      },
      body: claim.response.body,
    };
  }
  let committed = false;
  const checkpoint: Checkpoint = async (r) => {
    await rt.idempotency.complete(tenantId, key, requestHash, {
      statusCode: r.statusCode,
      body: JSON.stringify(r.body),
    });
    committed = true;
  };
  let response: APIGatewayProxyStructuredResultV2;
  try {
    response = await run(checkpoint);
  } catch (error) {
    if (!(error instanceof GatewayError) || error.status >= 500) {
      if (!committed) await rt.idempotency.release(tenantId, key);
      throw error;
    }
    response = toProblemResponse(error);
  }
  await rt.idempotency.complete(tenantId, key, requestHash, {
    statusCode: response.statusCode ?? 200,
    body: String(response.body ?? ''),
  });
  return response;
};

/**
 * The middy stack every API route uses: problem+json errors, then in this order — the 64 KB body limit (413, on
 * routes that take a body), API-key auth (401), zod validation of path and query, the JSON body (415; 400 for
 * broken or too deep JSON) and its schema (400 with `errors[]`), all before anything is stored — and finally
 * `Idempotency-Key`.
 */
export const apiHandler = <B extends z.core.$ZodType, Q extends z.core.$ZodType, P extends z.core.$ZodType>(
  spec: ApiSpec<B, Q, P>,
  run: (req: ApiRequest<z.infer<B>, z.infer<Q>, z.infer<P>>) => Promise<ApiResponse>,
) => {
  const handler = middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
    .use(publishMetrics())
    .use({
      onError: async (request) => {
        if (!(request.error instanceof GatewayError)) {
          const rt = await getRuntime().catch(() => undefined);
          rt?.logger.error('unhandled error', { error: request.error as Error });
        }
        request.response = toProblemResponse(request.error);
      },
    })
    .handler(async (event) => {
      // Routes without a body schema ignore whatever body was sent.
      const raw = spec.body ? bodyBytes(event.body ?? '', event.isBase64Encoded) : undefined;
      if (raw) checkBodySize(raw.length);
      const rt = await getRuntime();
      const tenantId = await authenticate(rt, event, spec.scope);
      const params = parse(spec.params, event.pathParameters ?? {}, 'path');
      const query = parse(spec.query, event.queryStringParameters ?? {}, 'query');
      const sent = raw ? parseJsonBody(raw, header(event, 'content-type')) : {};
      const body = parse(spec.body, sent, 'body');
      const execute = async (checkpoint: Checkpoint = async () => {}) =>
        json(await run({ body, query, params, tenantId, rt, checkpoint }));
      const key = header(event, 'idempotency-key');
      if (!spec.idempotent || key === undefined) return execute();
      if (key.length < 1 || key.length > 255) {
        throw new ValidationError('Idempotency-Key must be 1 to 255 characters.', [
          { path: 'Idempotency-Key', message: '1 to 255 characters' },
        ]);
      }
      const requestHash = createHash('sha256')
        .update(`${event.requestContext.http.method} ${event.rawPath}\n${canonical(sent)}`)
        .digest('hex');
      return withIdempotency(rt, tenantId, key, requestHash, execute);
    });
  // What the route table must agree with: each function states its own scope so it never loads the table.
  return Object.assign(handler, { access: { scope: spec.scope, idempotent: spec.idempotent ?? false } });
};
