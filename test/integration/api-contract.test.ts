import { describe, expect, it } from 'vitest';
import * as schemas from '../../lib/http/resources';
import * as z from '../../lib/zod';
import { orderNo, otherKey, shouqianbaBarcode, shouqianbaQr, useGateway } from '../support/gateway';

const gw = useGateway();

/** How many payments the demo tenant has, all pages counted. */
const storedCount = async () => {
  let count = 0;
  let cursor: string | null = null;
  do {
    const page: { body: { data: unknown[]; nextCursor: string | null } } = await gw.request(
      'GET',
      `/v1/payments?limit=100${cursor ? `&cursor=${cursor}` : ''}`,
    );
    count += page.body.data.length;
    cursor = page.body.nextCursor;
  } while (cursor);
  return count;
};

/** Pay and precreate calls Shouqianba received (earlier payments' polls run in the background and are not counted). */
const shouqianbaCreates = () => gw.shouqianbaCalls().filter((c) => c.op === 'pay' || c.op === 'precreate').length;

describe('validation', () => {
  const cases: [string, Record<string, unknown>, string][] = [
    ['a float amount', { amount: 19.99 }, 'amount'],
    ['a zero amount', { amount: 0 }, 'amount'],
    ['an amount as a string', { amount: '1999' }, 'amount'],
    ['an unknown provider', { provider: 'paypal' }, 'provider'],
    ['an unknown scene', { scene: 'nfc' }, 'scene'],
    ['a missing subject', { subject: undefined }, 'subject'],
    ['a merchantOrderNo over 64 chars', { merchantOrderNo: 'x'.repeat(65) }, 'merchantOrderNo'],
    ['barcode without authCode', { authCode: undefined }, 'authCode'],
    ['shouqianba without operator', { operator: undefined }, 'operator'],
    ['an unknown field', { colour: 'red' }, 'colour'],
    ['tcc fields on a shouqianba payment', { tcc: { orgId: 1 } }, 'tcc'],
    ['a notifyUrl that is no URL', { notifyUrl: 'not a url' }, 'notifyUrl'],
  ];
  it.each(cases)('refuses %s with 400, stores nothing and calls no provider', async (_name, change, path) => {
    const body = { ...shouqianbaBarcode('139900001111222233'), ...change };
    const before = shouqianbaCreates();
    const stored = await storedCount();
    const res = await gw.request('POST', '/v1/payments', { body });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body).toMatchObject({ status: 400, code: 'validation_error' });
    expect((res.body.errors as { path: string }[]).map((e) => e.path)).toContain(path);
    expect(shouqianbaCreates()).toBe(before);
    expect(await storedCount()).toBe(stored);
  });

  it('says money is integer fen, with the conversion, when an amount comes in yuan', async () => {
    const created = await gw.request('POST', '/v1/payments', { body: { ...shouqianbaQr(), amount: 19.99 } });
    expect(created.status).toBe(400);
    expect(created.body.errors).toContainEqual({ path: 'amount', message: 'integer fen: 19.99 yuan = 1999' });
    const paid = await gw.request<{ id: string }>('POST', '/v1/payments', {
      body: shouqianbaBarcode('139900001111222233'),
    });
    const refund = await gw.request('POST', `/v1/payments/${paid.body.id}/refunds`, { body: { amount: 0.5 } });
    expect(refund.status).toBe(400);
    expect(refund.body.errors).toContainEqual({ path: 'amount', message: 'integer fen: 19.99 yuan = 1999' });
  });

  it('refuses a body that is not JSON with 400', async () => {
    const res = await gw.request('POST', '/v1/payments', { body: '{"amount": ' });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('validation_error');
  });

  it('refuses an unsupported scene/wallet with 422 unsupported_method, naming what is supported', async () => {
    const before = shouqianbaCreates();
    const stored = await storedCount();
    const body = { ...shouqianbaQr(), wallet: 'unionpay' };
    const res = await gw.request('POST', '/v1/payments', { body });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('unsupported_method');
    expect(String(res.body.detail)).toContain('qrcode (alipay, wechat, baifubao, jd)');
    const h5 = await gw.request('POST', '/v1/payments', {
      body: { ...shouqianbaQr(), scene: 'h5', wallet: undefined },
    });
    expect(h5.status).toBe(422);
    expect(shouqianbaCreates()).toBe(before);
    expect(await storedCount()).toBe(stored);
  });

  it('refuses a subject over 64 characters for Shouqianba with 422 provider_rule before any call', async () => {
    const before = shouqianbaCreates();
    const stored = await storedCount();
    const res = await gw.request('POST', '/v1/payments', { body: shouqianbaQr({ subject: '书'.repeat(65) }) });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('provider_rule');
    expect(shouqianbaCreates()).toBe(before);
    expect(await storedCount()).toBe(stored);
  });

  it('refuses an amount over 10 digits for Shouqianba with 422 provider_rule before any call', async () => {
    const before = shouqianbaCreates();
    const stored = await storedCount();
    const res = await gw.request('POST', '/v1/payments', { body: shouqianbaQr({ amount: 10_000_000_000 }) });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('provider_rule');
    expect(shouqianbaCreates()).toBe(before);
    expect(await storedCount()).toBe(stored);
  });

  it('refuses a refund with a float amount with 400', async () => {
    const paid = await gw.request('POST', '/v1/payments', { body: shouqianbaBarcode('139900001111222233') });
    const res = await gw.request('POST', `/v1/payments/${paid.body.id}/refunds`, { body: { amount: 1.5 } });
    expect(res.status).toBe(400);
    expect(gw.shouqianbaCalls(paid.body.id as string, 'refund')).toHaveLength(0);
  });
});

describe('auth and tenants', () => {
  it('answers 401 without a key or with an unknown key', async () => {
    expect((await gw.request('GET', '/v1/payments', { key: null })).status).toBe(401);
    const wrong = await gw.request('GET', '/v1/payments', { key: 'sk_test_nope' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.code).toBe('unauthorized');
  });

  it("answers 404 for another tenant's payment, and lists only the tenant's own", async () => {
    const mine = await gw.request('POST', '/v1/payments', { body: shouqianbaBarcode('139900001111222233') });
    const id = mine.body.id as string;
    for (const [method, path] of [
      ['GET', `/v1/payments/${id}`],
      ['GET', `/v1/payments/${id}/events`],
      ['GET', `/v1/payments/${id}/refunds`],
      ['POST', `/v1/payments/${id}/cancel`],
      ['POST', `/v1/payments/${id}/refunds`],
    ] as const) {
      const res = await gw.request(method, path, { key: otherKey, ...(method === 'POST' ? { body: {} } : {}) });
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.body.code).toBe('not_found');
    }
    const theirs = await gw.request<{ data: { id: string }[] }>('GET', '/v1/payments?limit=100', { key: otherKey });
    expect(theirs.body.data.map((p) => p.id)).not.toContain(id);
    expect(gw.shouqianbaCalls(id, 'refund')).toHaveLength(0);
  });

  it('lets two tenants use the same merchantOrderNo', async () => {
    const no = orderNo('SHARED');
    const a = await gw.request('POST', '/v1/payments', {
      body: shouqianbaBarcode('139900001111222233', { merchantOrderNo: no }),
    });
    const b = await gw.request('POST', '/v1/payments', {
      key: otherKey,
      body: shouqianbaBarcode('139900001111222233', { merchantOrderNo: no }),
    });
    expect([a.status, b.status]).toEqual([201, 201]);
  });
});

describe('merchantOrderNo and Idempotency-Key', () => {
  it('refuses a reused merchantOrderNo with 409 naming the existing payment, without a provider call', async () => {
    const body = shouqianbaBarcode('139900001111222233');
    const first = await gw.request('POST', '/v1/payments', { body });
    const before = shouqianbaCreates();
    const second = await gw.request('POST', '/v1/payments', { body });
    expect(second.status).toBe(409);
    expect(second.body.code).toBe('duplicate_merchant_order_no');
    expect(String(second.body.detail)).toContain(first.body.id as string);
    expect(shouqianbaCreates()).toBe(before);
  });

  it('replays the first answer for the same key and body, with one payment and one provider call', async () => {
    const body = shouqianbaBarcode('139900001111222233');
    const headers = { 'idempotency-key': `key-${body.merchantOrderNo}` };
    const first = await gw.request('POST', '/v1/payments', { body, headers });
    const again = await gw.request('POST', '/v1/payments', { body: { ...body }, headers });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect(gw.shouqianbaCalls(first.body.id as string, 'pay')).toHaveLength(1);
  });

  it('refuses the same key with a different body (422), and scopes keys to the tenant', async () => {
    const body = shouqianbaBarcode('139900001111222233');
    const headers = { 'idempotency-key': `key-${body.merchantOrderNo}` };
    await gw.request('POST', '/v1/payments', { body, headers });
    const misuse = await gw.request('POST', '/v1/payments', { body: { ...body, amount: 2000 }, headers });
    expect(misuse.status).toBe(422);
    expect(misuse.body.code).toBe('idempotency_key_reused');
    const otherTenant = await gw.request('POST', '/v1/payments', { key: otherKey, body, headers });
    expect(otherTenant.status).toBe(201);
  });

  it('answers 409 idempotency_in_progress while the first request with the key is still running', async () => {
    await gw.sandboxControl('/sandbox/shouqianba/faults', { latencyMs: 1500 });
    const body = shouqianbaBarcode('139900001111222233');
    const headers = { 'idempotency-key': `slow-${body.merchantOrderNo}` };
    const first = gw.request('POST', '/v1/payments', { body, headers });
    await new Promise((r) => setTimeout(r, 500));
    const second = await gw.request('POST', '/v1/payments', { body, headers });
    await gw.sandboxControl('/sandbox/shouqianba/faults', {});
    expect(second.status).toBe(409);
    expect(second.body.code).toBe('idempotency_in_progress');
    expect((await first).status).toBe(201);
  });

  it('refuses an Idempotency-Key longer than 255 characters', async () => {
    const res = await gw.request('POST', '/v1/payments', {
      body: shouqianbaBarcode('139900001111222233'),
      headers: { 'idempotency-key': 'k'.repeat(256) },
    });
    expect(res.status).toBe(400);
  });
});

describe('the documented response shapes', () => {
  it('are what the API answers (the OpenAPI document is generated from these schemas)', async () => {
    const payment = await gw.request('POST', '/v1/payments', { body: shouqianbaBarcode('139900001111222233') });
    expect(z.strictObject(schemas.paymentSchema.shape).safeParse(payment.body).error).toBeUndefined();
    const refund = await gw.request('POST', `/v1/payments/${payment.body.id}/refunds`, { body: { amount: 100 } });
    expect(z.strictObject(schemas.refundSchema.shape).safeParse(refund.body).error).toBeUndefined();
    const events = await gw.request('GET', `/v1/payments/${payment.body.id}/events`);
    expect(schemas.eventListSchema.safeParse(events.body).error).toBeUndefined();
    const list = await gw.request('GET', '/v1/payments?limit=2');
    expect(schemas.paymentListSchema.safeParse(list.body).error).toBeUndefined();
    const caps = await gw.request('GET', '/v1/capabilities');
    expect(schemas.capabilitiesSchema.safeParse(caps.body).error).toBeUndefined();
    const problem = await gw.request('GET', '/v1/payments/pay_nope');
    expect(z.strictObject(schemas.problemSchema.shape).safeParse(problem.body).error).toBeUndefined();
  });
});

describe('listing and reading', () => {
  it('pages through payments newest first and filters by status and merchantOrderNo', async () => {
    const created = [];
    for (let i = 0; i < 3; i++) {
      created.push((await gw.request('POST', '/v1/payments', { body: shouqianbaBarcode('130000001111222233') })).body);
    }
    const page1 = await gw.request<{ data: { id: string }[]; nextCursor: string }>(
      'GET',
      '/v1/payments?limit=2&status=failed',
    );
    expect(page1.body.data.map((p) => p.id)).toEqual([created[2]?.id, created[1]?.id]);
    const page2 = await gw.request<{ data: { id: string; status: string }[] }>(
      'GET',
      `/v1/payments?limit=2&status=failed&cursor=${page1.body.nextCursor}`,
    );
    expect(page2.body.data[0]?.id).toBe(created[0]?.id);
    expect(page2.body.data.every((p) => p.status === 'failed')).toBe(true);
    const byNo = await gw.request<{ data: { id: string }[] }>(
      'GET',
      `/v1/payments?merchantOrderNo=${created[1]?.merchantOrderNo}`,
    );
    expect(byNo.body.data.map((p) => p.id)).toEqual([created[1]?.id]);
    expect((await gw.request('GET', '/v1/payments?limit=0')).status).toBe(400);
    expect((await gw.request('GET', '/v1/payments?cursor=bogus')).status).toBe(400);
  });

  it('answers 404 for an unknown payment and an unknown route', async () => {
    expect((await gw.request('GET', '/v1/payments/pay_nope')).status).toBe(404);
    expect((await gw.request('GET', '/v1/nothing')).status).toBe(404);
  });

  it('serves health, capabilities and an OpenAPI document covering every route', async () => {
    expect((await gw.request('GET', '/health', { key: null })).body).toEqual({ status: 'ok' });
    const caps = await gw.request('GET', '/v1/capabilities');
    expect(caps.body).toMatchObject({
      shouqianba: { enabled: true, scenes: { qrcode: { wallets: ['alipay', 'wechat', 'baifubao', 'jd'] } } },
      tcc: { scenes: { offline: { via: 'OFFLINE_CNY' } } },
    });
    const doc = await gw.request<{ openapi: string; paths: Record<string, Record<string, unknown>> }>(
      'GET',
      '/openapi.json',
      { key: null },
    );
    expect(doc.body.openapi).toBe('3.1.0');
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining(['/v1/payments', '/v1/payments/{id}', '/v1/payments/{id}/refunds', '/v1/capabilities']),
    );
    const create = doc.body.paths['/v1/payments']?.post as {
      requestBody: { required: boolean; content: { 'application/json': { schema: { $ref: string } } } };
    };
    expect(create.requestBody.required).toBe(true);
    expect(create.requestBody.content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/CreatePaymentRequest',
    });
  });
});
