import { describe, expect, it } from 'vitest';
import { buildOpenApi } from '../../../lib/http/openapi';
import { routes } from '../../../lib/http/routes';

const doc = buildOpenApi();
type Operation = {
  operationId: string;
  tags: string[];
  description: string;
  parameters: { name: string; in: string; required: boolean; schema: Record<string, unknown> }[];
  requestBody?: { required: boolean };
  responses: Record<string, { content?: Record<string, unknown> }>;
};
const op = (method: string, path: string) =>
  (doc.paths[path] as Record<string, Operation> | undefined)?.[method.toLowerCase()] as Operation;

/** Every value of `key` anywhere in the document, with where it sits. */
const valuesOf = (key: string, node: unknown = doc, at = '#'): [string, unknown][] => {
  if (!node || typeof node !== 'object') return [];
  return Object.entries(node).flatMap(([k, v]) => [
    ...(k === key ? ([[at, v]] as [string, unknown][]) : []),
    ...valuesOf(key, v, `${at}/${k}`),
  ]);
};

describe('the OpenAPI document', () => {
  it('refers only to components/schemas entries that exist, with no nested $defs, $id or $schema', () => {
    const refs = valuesOf('$ref');
    expect(refs.length).toBeGreaterThan(40);
    for (const [at, ref] of refs) {
      expect(String(ref), at).toMatch(/^#\/components\/schemas\//);
      expect(doc.components.schemas, at).toHaveProperty(String(ref).split('/').at(-1) as string);
    }
    expect(valuesOf('$defs')).toEqual([]);
    expect(valuesOf('$id')).toEqual([]);
    expect(valuesOf('$schema')).toEqual([]);
  });

  it('has one operation per route, each with an id, a tag, a description and a documented 2xx', () => {
    // The console's files are no API: the document leaves them out.
    for (const route of routes.filter((r) => r.documented !== false)) {
      const o = op(route.method, route.path);
      expect(o?.operationId).toBe(route.operationId);
      expect(o.tags).toHaveLength(1);
      expect(o.description.length).toBeGreaterThan(10);
      expect(Object.keys(o.responses).some((s) => s.startsWith('2'))).toBe(true);
    }
    expect(doc.servers).toHaveLength(1);
    expect(doc.components.securitySchemes.apiKey).toMatchObject({ type: 'http', scheme: 'bearer' });
  });

  it('documents the transport answers: 401 and 500 everywhere with a key, 413 and 415 with a body, the idempotency ones on idempotent POSTs', () => {
    for (const route of routes.filter((r) => r.auth)) {
      const statuses = Object.keys(op(route.method, route.path).responses);
      expect(statuses, route.operationId).toEqual(expect.arrayContaining(['401', '500']));
      if (route.body) expect(statuses, route.operationId).toEqual(expect.arrayContaining(['400', '413', '415']));
      if (route.idempotent) expect(statuses, route.operationId).toEqual(expect.arrayContaining(['409', '422']));
    }
    expect(Object.keys(op('POST', '/v1/reconciliations').responses)).toContain('400');
    expect(Object.keys(op('POST', '/v1/payments').responses)).toEqual(expect.arrayContaining(['502', '503']));
    expect(Object.keys(op('POST', '/webhooks/zhixiao').responses)).toEqual(['200', '400', '500']);
    expect(op('POST', '/webhooks/zhixiao').responses['400']?.content).toHaveProperty('application/json');
  });

  it('marks required bodies and states parameter patterns and required flags', () => {
    for (const [method, path] of [
      ['POST', '/v1/payments'],
      ['POST', '/v1/payments/{id}/resolve'],
      ['POST', '/v1/payments/{id}/invoice'],
    ] as const) {
      expect(op(method, path).requestBody?.required, path).toBe(true);
    }
    expect(op('POST', '/v1/payments/{id}/refunds').requestBody?.required).toBe(false);
    expect(op('GET', '/v1/reports/daily/{date}').parameters[0]).toMatchObject({
      name: 'date',
      in: 'path',
      required: true,
      schema: { pattern: '^\\d{4}-\\d{2}-\\d{2}$' },
    });
    const card = op('GET', '/v1/providers/zhixiao/cards/{userNo}').parameters;
    expect(card.find((p) => p.name === 'schoolId')).toMatchObject({ in: 'query', required: true });
    const list = op('GET', '/v1/payments').parameters;
    expect(list.find((p) => p.name === 'merchantOrderNo')).toMatchObject({
      required: false,
      schema: { pattern: '^[A-Za-z0-9._:/-]+$', maxLength: 64 },
    });
    expect(op('POST', '/v1/payments').parameters.map((p) => p.name)).toEqual(['Idempotency-Key']);
  });
});
