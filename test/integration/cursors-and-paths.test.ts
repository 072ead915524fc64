import { describe, expect, it } from 'vitest';
import { shouqianbaBarcode, useGateway } from '../support/gateway';

const gw = useGateway();

type Problem = { code: string; status: number; title: string; errors?: { path: string }[] };
const b64 = (text: string) => Buffer.from(text).toString('base64url');

describe('list cursors', () => {
  it('answers 400 naming cursor for any cursor this API did not hand out, never 500', async () => {
    for (let i = 0; i < 3; i++) {
      await gw.request('POST', '/v1/payments', { body: shouqianbaBarcode('139900001111222233') });
    }
    const page = await gw.request<{ nextCursor: string }>('GET', '/v1/payments?limit=1');
    const real = JSON.parse(Buffer.from(page.body.nextCursor, 'base64url').toString('utf8'));
    const ours = 'TENANT#demo#PAYMENTS';
    const tampered: [string, string][] = [
      ['base64 garbage', '!!!***'],
      ['bytes that are not UTF-8 JSON', 'bogus'],
      ['valid base64 of text that is not JSON', b64('hello, world')],
      ['JSON null', b64('null')],
      ['a JSON array', b64('[1,2]')],
      ["another tenant's key", b64(JSON.stringify({ ...real, tenantKey: 'TENANT#other#PAYMENTS' }))],
      ['our tenant key alone', b64(JSON.stringify({ tenantKey: ours }))],
      ['a key with a number where a string belongs', b64(JSON.stringify({ ...real, pk: 7 }))],
      ['a key with an extra attribute', b64(JSON.stringify({ ...real, status: 'paid' }))],
      ['a key of a non-payment item', b64(JSON.stringify({ ...real, pk: 'APIKEY#x', sk: 'APIKEY' }))],
      ['a sort key naming another payment', b64(JSON.stringify({ ...real, tenantSort: `${real.tenantSort}x` }))],
      ['a cursor of 3,000 characters', 'A'.repeat(3_000)],
    ];
    for (const [name, cursor] of tampered) {
      const res = await gw.request<Problem>('GET', `/v1/payments?cursor=${encodeURIComponent(cursor)}`);
      expect(res.status, name).toBe(400);
      expect(res.body.code, name).toBe('validation_error');
      expect(
        res.body.errors?.map((e) => e.path),
        name,
      ).toContain('query.cursor');
    }
    const next = await gw.request<{ data: unknown[] }>('GET', `/v1/payments?limit=1&cursor=${page.body.nextCursor}`);
    expect(next.status).toBe(200);
    expect(next.body.data).toHaveLength(1);
  });
});

describe('paths and methods on the local server', () => {
  it('answers a malformed percent-escape in a path with 400 problem+json and keeps running', async () => {
    for (const path of ['/v1/payments/%E0%A4%A', '/v1/payments/%', '/v1/payments/%ZZ/refunds']) {
      const res = await gw.request<Problem>('GET', path);
      expect(res.status, path).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.body.code).toBe('validation_error');
    }
    expect((await gw.request('GET', '/health', { key: null })).status).toBe(200);
  });

  it('answers 405 with an Allow header listing the methods of the path, titled Method Not Allowed', async () => {
    const del = await gw.request<Problem>('DELETE', '/v1/payments');
    expect(del.status).toBe(405);
    expect(del.headers.get('allow')).toBe('GET, POST');
    expect(del.body).toMatchObject({ status: 405, code: 'method_not_allowed', title: 'Method Not Allowed' });
    const get = await gw.request<Problem>('GET', '/v1/payments/pay_x/cancel');
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
  });
});
