import { describe, expect, it } from 'vitest';
import { orderNo, shouqianbaBarcode, tccPayment, useGateway, zhixiaoPayment } from '../support/gateway';

const gw = useGateway();

type Problem = { code: string; status: number; errors?: { path: string; message: string }[] };

/** Every provider call the sandbox has seen so far. */
/**
 * Create calls the providers received: what a refused create would have sent. Earlier payments' polls and deadline
 * cancels run in the background and are not counted.
 */
const providerCalls = () =>
  gw.tccCalls().filter((c) => c.method === 'POST' && c.path === '').length +
  gw.shouqianbaCalls().filter((c) => c.op === 'pay' || c.op === 'precreate').length +
  gw.zhixiaoCalls().filter((c) => c.op === 'create').length;

const storedWith = async (merchantOrderNo: string) =>
  (await gw.request<{ data: unknown[] }>('GET', `/v1/payments?merchantOrderNo=${encodeURIComponent(merchantOrderNo)}`))
    .body.data;

/** A TCC create whose single item carries `data`. */
const tccWithData = (data: unknown) =>
  tccPayment('qrcode', 'wechat', {
    tcc: { orgId: 1, userId: 2, userType: 1, financialType: '102', items: [{ amount: 1999, data }] },
  });

/** `{"a": {"a": … {} … }}`, `depth` objects deep. */
const nested = (depth: number): string => `${'{"a":'.repeat(depth)}{}${'}'.repeat(depth)}`;

/**
 * Sends a create that must be refused before anything happens: checks the answer, that no provider was called and
 * nothing stored, and that the same merchantOrderNo is then free for a valid payment.
 */
const expectRefusedCreate = async (
  body: Record<string, unknown> | string,
  merchantOrderNo: string,
  valid: Record<string, unknown>,
  expected: { status: number; code: string; path?: string },
) => {
  const calls = providerCalls();
  const res = await gw.request<Problem>('POST', '/v1/payments', { body });
  expect(res.status).toBe(expected.status);
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  expect(res.body).toMatchObject({ status: expected.status, code: expected.code });
  if (expected.path) {
    expect(res.body.errors?.map((e) => e.path)).toContainEqual(expect.stringMatching(`^${expected.path}`));
  }
  expect(providerCalls()).toBe(calls);
  expect(await storedWith(merchantOrderNo)).toEqual([]);
  const retry = await gw.request('POST', '/v1/payments', { body: { ...valid, merchantOrderNo } });
  expect(retry.status).toBe(201);
};

describe('body size', () => {
  it('refuses a body over 64 KB with 413 payload_too_large, storing nothing', async () => {
    const valid = tccPayment('qrcode', 'wechat');
    const no = valid.merchantOrderNo;
    await expectRefusedCreate(tccWithData({ note: 'x'.repeat(70_000) }), no, valid, {
      status: 413,
      code: 'payload_too_large',
    });
  });

  it('refuses a 600 KB field with 413 and leaves no merchantOrderNo claim behind', async () => {
    const valid = shouqianbaBarcode('139900001111222233');
    const body = { ...valid, subject: 's'.repeat(600_000) };
    await expectRefusedCreate(body, valid.merchantOrderNo, valid, { status: 413, code: 'payload_too_large' });
  });

  it('counts the 64 KB in bytes, not characters', async () => {
    // 22,000 three-byte characters are 66,000 bytes: over the limit although under 64 K characters.
    const res = await gw.request<Problem>('POST', '/v1/payments', {
      body: { ...shouqianbaBarcode('139900001111222233'), subject: '书'.repeat(22_000) },
    });
    expect(res.status).toBe(413);
  });

  it('answers 413 from the local server for a body of megabytes, and keeps serving', async () => {
    const res = await gw.request<Problem>('POST', '/v1/payments', { body: `{"a":"${'x'.repeat(3_000_000)}"}` });
    expect(res).toMatchObject({ status: 413, body: { code: 'payload_too_large' } });
    expect((await gw.request('GET', '/health', { key: null })).status).toBe(200);
  });
});

describe('deep and large free-form JSON', () => {
  it('refuses JSON nested 5,000 deep inside tcc.items[].data with 400 naming the field; the retry works', async () => {
    const valid = tccPayment('qrcode', 'wechat');
    const body = JSON.stringify(tccWithData({})).replace('"data":{}', `"data":${nested(5_000)}`);
    await expectRefusedCreate(body, valid.merchantOrderNo, valid, {
      status: 400,
      code: 'validation_error',
      path: 'tcc\\.items\\.0\\.data',
    });
  });

  it('refuses nesting past 8 levels anywhere in a body, and accepts it up to the limit', async () => {
    // tcc(1) → items(2) → [0](3) → data(4) → four more objects reach depth 8.
    const ok = await gw.request('POST', '/v1/payments', {
      body: JSON.stringify(tccWithData({})).replace('"data":{}', `"data":${nested(4)}`),
    });
    expect(ok.status).toBe(201);
    const deep = await gw.request<Problem>('POST', '/v1/payments', {
      body: JSON.stringify(tccWithData({})).replace('"data":{}', `"data":${nested(5)}`),
    });
    expect(deep.status).toBe(400);
    expect(deep.body.errors?.[0]?.path).toBe('tcc.items.0.data.a.a.a.a.a');
  });

  it('refuses a tcc.items[].data over 4 KB serialized, naming it', async () => {
    const valid = tccPayment('qrcode', 'wechat');
    await expectRefusedCreate(
      { ...tccWithData({ note: 'x'.repeat(4_100) }), merchantOrderNo: valid.merchantOrderNo },
      valid.merchantOrderNo,
      valid,
      { status: 400, code: 'validation_error', path: 'tcc\\.items\\.0\\.data$' },
    );
  });

  it.each([
    ['a number too large for the store', 1e300],
    ['a number too small for the store', 1e-200],
    ['an integer past 2^53', 2 ** 60],
  ])('refuses %s inside tcc.items[].data with 400, storing nothing', async (_name, n) => {
    const valid = tccPayment('qrcode', 'wechat');
    await expectRefusedCreate(
      { ...tccWithData({ n }), merchantOrderNo: valid.merchantOrderNo },
      valid.merchantOrderNo,
      valid,
      { status: 400, code: 'validation_error', path: 'tcc\\.items\\.0\\.data' },
    );
  });

  it('bounds metadata like Stripe: 50 keys of ≤ 40 characters, values ≤ 500 characters', async () => {
    const fifty = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, 'v'.repeat(500)]));
    const ok = await gw.request('POST', '/v1/payments', {
      body: shouqianbaBarcode('139900001111222233', { metadata: fifty }),
    });
    expect(ok.status).toBe(201);
    expect(Object.keys(ok.body.metadata as object)).toHaveLength(50);
    const cases: [Record<string, string>, string][] = [
      [{ ...fifty, k50: 'v' }, 'metadata'],
      [{ ['k'.repeat(41)]: 'v' }, `metadata.${'k'.repeat(41)}`],
      [{ k: 'v'.repeat(501) }, 'metadata.k'],
    ];
    for (const [metadata, path] of cases) {
      const res = await gw.request<Problem>('POST', '/v1/payments', {
        body: shouqianbaBarcode('139900001111222233', { metadata }),
      });
      expect(res.status).toBe(400);
      expect(res.body.errors?.map((e) => e.path)).toContain(path);
    }
  });
});

describe('string fields', () => {
  const long = (n: number) => `https://caller.example/${'p'.repeat(n)}`;
  const cases: [string, Record<string, unknown>, string][] = [
    [
      'a notifyUrl over 2,048 characters',
      shouqianbaBarcode('139900001111222233', { notifyUrl: long(2_100) }),
      'notifyUrl',
    ],
    [
      'a notifyUrl with a javascript: scheme',
      shouqianbaBarcode('139900001111222233', { notifyUrl: 'javascript:alert(1)' }),
      'notifyUrl',
    ],
    [
      'a notifyUrl with an ftp: scheme',
      shouqianbaBarcode('139900001111222233', { notifyUrl: 'ftp://caller.example/x' }),
      'notifyUrl',
    ],
    [
      'a zhixiao.returnUrl with a file: scheme',
      zhixiaoPayment('h5', { zhixiao: { returnUrl: 'file:///etc/passwd' } }),
      'zhixiao.returnUrl',
    ],
    [
      'a zhixiao.returnUrl over 2,048 characters',
      zhixiaoPayment('h5', { zhixiao: { returnUrl: long(2_100) } }),
      'zhixiao.returnUrl',
    ],
    [
      'an invoice email over 254 characters',
      zhixiaoPayment('h5', {
        zhixiao: { invoice: { payerType: 'personal', payerName: 'x', email: `${'a'.repeat(250)}@b.example` } },
      }),
      'zhixiao.invoice.email',
    ],
  ];
  it.each(cases)('refuses %s with 400 naming it, before any provider call', async (_name, body, path) => {
    const calls = providerCalls();
    const res = await gw.request<Problem>('POST', '/v1/payments', { body });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('validation_error');
    expect(res.body.errors?.map((e) => e.path)).toContain(path);
    expect(providerCalls()).toBe(calls);
  });

  it('takes merchantOrderNo in letters, digits and - _ . : / only (no #, whitespace, control or non-ASCII)', async () => {
    const calls = providerCalls();
    for (const bad of ['A#1', 'A\u00011', '   ', 'A 1', '订单1']) {
      const res = await gw.request<Problem>('POST', '/v1/payments', {
        body: shouqianbaBarcode('139900001111222233', { merchantOrderNo: bad }),
      });
      expect(res.status, JSON.stringify(bad)).toBe(400);
      expect(res.body.errors?.map((e) => e.path)).toContain('merchantOrderNo');
    }
    expect(providerCalls()).toBe(calls);
    const no = `Ab-1_2.3:4/${orderNo()}`.slice(0, 64);
    const res = await gw.request('POST', '/v1/payments', {
      body: shouqianbaBarcode('139900001111222233', { merchantOrderNo: no }),
    });
    expect(res).toMatchObject({ status: 201, body: { merchantOrderNo: no } });
    expect(await storedWith(no)).toHaveLength(1);
  });

  it('refuses a refundNo outside the charset or over 32 characters, and a merchantOrderNo query with #', async () => {
    const paid = await gw.request('POST', '/v1/payments', { body: shouqianbaBarcode('139900001111222233') });
    for (const refundNo of ['R#1', 'R 1', 'r'.repeat(33)]) {
      const res = await gw.request<Problem>('POST', `/v1/payments/${paid.body.id}/refunds`, { body: { refundNo } });
      expect(res.status).toBe(400);
      expect(res.body.errors?.map((e) => e.path)).toContain('refundNo');
    }
    expect(gw.shouqianbaCalls(paid.body.id as string, 'refund')).toHaveLength(0);
    const listed = await gw.request<Problem>('GET', `/v1/payments?merchantOrderNo=${encodeURIComponent('A#1')}`);
    expect(listed.status).toBe(400);
    expect(listed.body.errors?.map((e) => e.path)).toContain('query.merchantOrderNo');
  });
});

describe('media type and the order of checks', () => {
  const withType = (type: string) =>
    gw.request<Problem>('POST', '/v1/payments', {
      body: shouqianbaBarcode('139900001111222233'),
      headers: { 'content-type': type },
    });

  it('refuses with 415 any content type but application/json or application/*+json, matched whole', async () => {
    for (const type of ['application/jsonx', 'application/json-patch', 'text/plain; application/json', 'text/json']) {
      const res = await withType(type);
      expect(res.status, type).toBe(415);
      expect(res.body.code, type).toBe('unsupported_media_type');
    }
  });

  it('accepts application/json and application/*+json in any case, with parameters', async () => {
    for (const type of [
      'Application/JSON ; charset=UTF-8',
      'application/json',
      'application/json; charset=utf-8',
      'application/merge-patch+json',
    ]) {
      expect((await withType(type)).status, type).toBe(201);
    }
  });

  it('authenticates before it reads the body: a bad key with a broken body or a wrong type is 401', async () => {
    const broken = await gw.request('POST', '/v1/payments', { body: '{"amount": ', key: 'sk_test_nope' });
    expect(broken.status).toBe(401);
    const wrongType = await gw.request('POST', '/v1/payments', {
      body: '{}',
      key: 'sk_test_nope',
      headers: { 'content-type': 'text/plain' },
    });
    expect(wrongType.status).toBe(401);
    const deep = await gw.request('POST', '/v1/payments', { body: nested(100), key: null });
    expect(deep.status).toBe(401);
  });
});
