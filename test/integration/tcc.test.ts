import { describe, expect, it } from 'vitest';
import { tccPayment, useGateway } from '../support/gateway';

const gw = useGateway({ TCC_TOKEN: 'tcc-test-token' });

type Payment = Record<string, unknown> & { id: string; providerRefs: { orderId?: string; financialIds?: string[] } };

const create = async (body: Record<string, unknown>) => gw.request<Payment>('POST', '/v1/payments', { body });
const orderIdOf = (p: Payment) => p.providerRefs.orderId as string;
/** The last pay call TCC received (status polls of earlier payments run in the background and are passed over). */
const lastCreate = () =>
  gw
    .tccCalls()
    .filter((c) => c.method === 'POST' && c.path === '')
    .at(-1);

describe('TCC orders on the sandbox page', () => {
  it('names the paybridge payment of a TCC order, which carries no payment id, and its status', async () => {
    // Cash is paid at once: no poller is left asking TCC while the file's other tests read the sandbox's calls.
    const { body: p } = await create(tccPayment('offline', undefined));
    const html = await (await fetch(`${gw.sandboxUrl}/sandbox?part=orders`)).text();
    const card = html.split('<article').find((c) => c.includes(`data-ref="${orderIdOf(p)}"`));
    expect(card).toContain(`data-payment="${p.id}"`);
    expect(card).toContain('<span class="badge paybridge-status">paid</span>');
  });
});

describe('TCC pay: every payment type code', () => {
  it.each([
    ['qrcode', 'wechat', 'WX_NATIVE', { status: 'pending', action: { type: 'qrcode' } }],
    ['qrcode', 'unionpay', 'UNION_SCAN', { status: 'pending', action: { type: 'qrcode' } }],
    ['h5', 'alipay', 'ALIPAY_MOBILE', { status: 'pending', action: { type: 'redirect' } }],
    ['pc', 'alipay', 'ALIPAY_PC', { status: 'pending', action: { type: 'redirect' } }],
    ['offline', undefined, 'OFFLINE_CNY', { status: 'paid', action: null }],
    ['precreate', undefined, 'PRE_CREATE', { status: 'pending', action: null }],
  ])('%s/%s is sent as %s', async (scene, wallet, code, expected) => {
    const res = await create(tccPayment(scene, wallet));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject(expected);
    const call = lastCreate();
    expect(call?.body).toMatchObject({
      paymentTypeCode: code,
      orgId: 1,
      userId: 2,
      userType: 1,
      financialType: '102',
      operator: 'desk-1',
    });
    expect(call?.rawBody).toContain('"fee":19.99');
    expect('authCode' in (call?.body ?? {})).toBe(false);
    expect('body' in (call?.body ?? {})).toBe(code === 'WX_NATIVE' || code === 'UNION_SCAN');
    expect(call?.query).toEqual({});
  });

  it.each([
    ['wechat', 'WX_FKM', '139900001111222233', 'paid'],
    ['alipay', 'ALIPAY_FKM', '139900001111222233', 'paid'],
    ['unionpay', 'UNION_AUTH', '130000001111222233', 'provider_error'],
  ])('barcode/%s is sent as %s with the authCode and body', async (wallet, code, authCode, outcome) => {
    const res = await create(tccPayment('barcode', wallet, { authCode }));
    expect(lastCreate()?.body).toMatchObject({ paymentTypeCode: code, authCode, body: 'Overdue fine' });
    if (outcome === 'paid') expect(res.body.status).toBe('paid');
    else expect(res).toMatchObject({ status: 502, body: { code: 'provider_error' } });
  });

  it('sends fee as a two-decimal yuan number and content as a JSON string whose fees add up to it', async () => {
    const res = await create(
      tccPayment('qrcode', 'wechat', {
        amount: 1990,
        tcc: {
          orgId: 1,
          userId: 2,
          userType: 1,
          financialType: '102',
          globalid: 'LIB-1',
          kpSign: 0,
          remark: 'r',
          items: [
            { amount: 1000, data: { FEETYPE: '102', RDID: '001' } },
            { amount: 990, data: {} },
          ],
        },
      }),
    );
    expect(res.status).toBe(201);
    const call = lastCreate();
    expect(call?.rawBody).toContain('"fee":19.90,');
    expect(call?.body).toMatchObject({ globalid: 'LIB-1', kpSign: 0, remark: 'r' });
    expect(JSON.parse(String(call?.body?.content))).toEqual([
      { FEETYPE: '102', RDID: '001', fee: '10.00' },
      { fee: '9.90' },
    ]);
    expect(res.body.providerRefs.financialIds).toEqual([expect.any(String), expect.any(String)]);
  });

  it('sends the whole fee as one content element when there are no items', async () => {
    await create(tccPayment('qrcode', 'wechat', { amount: 5 }));
    expect(JSON.parse(String(lastCreate()?.body?.content))).toEqual([{ fee: '0.05' }]);
    expect(lastCreate()?.rawBody).toContain('"fee":0.05,');
  });

  it('sends the TCC token on every call (the sandbox refuses calls without it)', async () => {
    const bare = await fetch(`${gw.sandboxUrl}/api/tcc-settlement/open-api/payment/x?operator=o`);
    expect(bare.status).toBe(401);
    const res = await create(tccPayment('qrcode', 'wechat'));
    expect(res.status).toBe(201);
  });
});

describe('TCC polling', () => {
  it('finds a payment paid in the sandbox within one polling interval', async () => {
    const res = await create(tccPayment('qrcode', 'wechat'));
    await gw.sandboxControl(`/sandbox/tcc/orders/${orderIdOf(res.body)}/pay`);
    const paid = await gw.waitFor(res.body.id, (p) => p.status === 'paid', 3_000);
    expect(paid.status).toBe('paid');
  });

  it('pays a 1388 barcode on the third poll', async () => {
    const res = await create(tccPayment('barcode', 'wechat', { authCode: '138800001111222233' }));
    expect(res.body.status).toBe('pending');
    expect((await gw.waitFor(res.body.id, (p) => p.status === 'paid')).status).toBe('paid');
  });

  it('cancels an unpaid payment at the deadline with exactly one cancel call', async () => {
    const res = await create(tccPayment('qrcode', 'wechat'));
    const closed = await gw.waitFor(res.body.id, (p) => p.status !== 'pending', 20_000);
    expect(closed).toMatchObject({ status: 'canceled', cancelReason: 'timeout' });
    await gw.gateway.stepFunctions.idle();
    expect(gw.tccCalls(orderIdOf(res.body), 'GET').filter((c) => c.path.startsWith('/cancel/'))).toHaveLength(1);
  });

  it('never fails a barcode payment whose pay answer was lost: without an orderId it goes to review', async () => {
    await gw.sandboxControl('/sandbox/tcc/faults', { timeoutRate: 1 });
    const res = await create(tccPayment('barcode', 'wechat', { authCode: '139900001111222233' }));
    await gw.sandboxControl('/sandbox/tcc/faults', {});
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      status: 'needs_review',
      reviewReason: 'no_order_ref',
      providerRefs: {},
      failure: { code: 'NO_ORDER_ID' },
    });
  });

  it('answers a scan create whose answer was lost with 502 and keeps nothing: nobody can pay without the QR', async () => {
    await gw.sandboxControl('/sandbox/tcc/faults', { timeoutRate: 1 });
    const body = tccPayment('qrcode', 'wechat');
    const res = await create(body);
    await gw.sandboxControl('/sandbox/tcc/faults', {});
    expect(res).toMatchObject({ status: 502, body: { code: 'provider_error' } });
    expect((await create(body)).status).toBe(201);
  });
});

describe('TCC rules, refused before any provider call', () => {
  /**
   * What a refused action would have sent: new orders, or the order's own refund, cancel and repay calls. Status polls
   * (and other payments' calls) run in the background and are not counted.
   */
  const callsNow = (orderId?: string) =>
    gw
      .tccCalls(orderId)
      .filter((c) =>
        orderId ? !(c.method === 'GET' && !c.path.startsWith('/cancel/')) : c.method === 'POST' && c.path === '',
      ).length;

  it('refuses an amount of 10000 yuan or more', async () => {
    const before = callsNow();
    const res = await create(tccPayment('qrcode', 'wechat', { amount: 1_000_000 }));
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('provider_rule');
    expect(callsNow()).toBe(before);
  });

  it('refuses items that do not add up to the amount (400)', async () => {
    const before = callsNow();
    const res = await create(
      tccPayment('qrcode', 'wechat', {
        tcc: { orgId: 1, userId: 2, userType: 1, financialType: '102', items: [{ amount: 1, data: {} }] },
      }),
    );
    expect(res.status).toBe(400);
    expect((res.body.errors as { path: string }[])[0]?.path).toBe('tcc.items');
    expect(callsNow()).toBe(before);
  });

  it('refuses a scene/wallet TCC has no code for', async () => {
    const res = await create(tccPayment('qrcode', 'alipay'));
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('unsupported_method');
  });

  it('refuses a partial refund of an online payment, then refunds it in full', async () => {
    const res = await create(tccPayment('barcode', 'wechat', { authCode: '139900001111222233' }));
    const before = callsNow(orderIdOf(res.body));
    const partial = await gw.request('POST', `/v1/payments/${res.body.id}/refunds`, { body: { amount: 100 } });
    expect(partial.status).toBe(422);
    expect(partial.body.code).toBe('provider_rule');
    expect(callsNow(orderIdOf(res.body))).toBe(before);
    const full = await gw.request('POST', `/v1/payments/${res.body.id}/refunds`, { body: {} });
    expect(full.body).toMatchObject({ status: 'succeeded', amount: 1999 });
    const refund = gw.tccCalls(orderIdOf(res.body), 'DELETE');
    expect(refund).toHaveLength(1);
    expect(refund[0]?.query).toEqual({ operator: 'desk-1', refundFee: '19.99' });
  });

  it('takes a partial refund of an offline payment once, and refuses a second refund', async () => {
    const res = await create(tccPayment('offline', undefined, { amount: 1000 }));
    const first = await gw.request('POST', `/v1/payments/${res.body.id}/refunds`, { body: { amount: 300 } });
    expect(first.body.status).toBe('succeeded');
    expect((await gw.request('GET', `/v1/payments/${res.body.id}`)).body.status).toBe('partially_refunded');
    const before = callsNow(orderIdOf(res.body));
    const second = await gw.request('POST', `/v1/payments/${res.body.id}/refunds`, { body: { amount: 100 } });
    expect(second.status).toBe(422);
    expect(second.body.code).toBe('provider_rule');
    expect(callsNow(orderIdOf(res.body))).toBe(before);
  });

  it('refuses an online refund on a later Asia/Shanghai day', async () => {
    const res = await create(tccPayment('barcode', 'wechat', { authCode: '139900001111222233' }));
    await gw.patchStored(res.body.id, { paidAt: new Date(Date.now() - 86_400_000).toISOString() });
    const before = callsNow(orderIdOf(res.body));
    const refund = await gw.request('POST', `/v1/payments/${res.body.id}/refunds`, { body: {} });
    expect(refund.status).toBe(422);
    expect(String(refund.body.detail)).toContain('trade day');
    expect(callsNow(orderIdOf(res.body))).toBe(before);
  });

  it('refuses a second cancel attempt, even when the first one left the payment pending', async () => {
    const res = await create(tccPayment('qrcode', 'wechat'));
    await gw.patchStored(res.body.id, { cancelAttemptedAt: new Date().toISOString() });
    const before = callsNow(orderIdOf(res.body));
    const again = await gw.request('POST', `/v1/payments/${res.body.id}/cancel`);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('invalid_state');
    expect(callsNow(orderIdOf(res.body))).toBe(before);
  });

  it('cancels at the caller once, recording the attempt', async () => {
    const res = await create(tccPayment('qrcode', 'wechat'));
    const canceled = await gw.request('POST', `/v1/payments/${res.body.id}/cancel`);
    expect(canceled.body).toMatchObject({ status: 'canceled', cancelReason: 'caller' });
    expect((await gw.request('POST', `/v1/payments/${res.body.id}/cancel`)).status).toBe(409);
    expect(gw.tccCalls(orderIdOf(res.body)).filter((c) => c.path.startsWith('/cancel/'))).toHaveLength(1);
  });

  it('refuses repay of a payment younger than 3 minutes or not pending, and for other providers', async () => {
    const young = await create(tccPayment('qrcode', 'wechat'));
    const before = callsNow(orderIdOf(young.body));
    const early = await gw.request('POST', `/v1/payments/${young.body.id}/repay`, { body: {} });
    expect(early.status).toBe(422);
    expect(early.body.code).toBe('provider_rule');
    expect(callsNow(orderIdOf(young.body))).toBe(before);
    const paid = await create(tccPayment('offline', undefined));
    await gw.patchStored(paid.body.id, { createdAt: new Date(Date.now() - 600_000).toISOString() });
    const afterPaid = callsNow(orderIdOf(paid.body));
    expect((await gw.request('POST', `/v1/payments/${paid.body.id}/repay`, { body: {} })).body.code).toBe(
      'provider_rule',
    );
    expect(callsNow(orderIdOf(paid.body))).toBe(afterPaid);
    const sqb = await gw.request<Payment>('POST', '/v1/payments', {
      body: {
        provider: 'shouqianba',
        scene: 'qrcode',
        wallet: 'wechat',
        amount: 1,
        merchantOrderNo: `SQB-${Date.now()}`,
        subject: 's',
        operator: 'o',
      },
    });
    const other = await gw.request('POST', `/v1/payments/${sqb.body.id}/repay`, { body: {} });
    expect(other.status).toBe(422);
    expect(other.body.code).toBe('unsupported_method');
  });
});

describe('TCC repay (支付重调)', () => {
  it('re-issues an old unpaid order with a new method, keeps the id, polls afresh, and finds it paid', async () => {
    const res = await create(tccPayment('qrcode', 'wechat'));
    const orderId = orderIdOf(res.body);
    await gw.patchStored(res.body.id, { createdAt: new Date(Date.now() - 200_000).toISOString() });
    await gw.sandboxControl('/sandbox/tcc/clock', { offsetMs: 200_000 });
    const repaid = await gw.request<Payment>('POST', `/v1/payments/${res.body.id}/repay`, {
      body: { scene: 'barcode', wallet: 'alipay', authCode: '120000001111222233', subject: 'Fine (re-issued)' },
    });
    await gw.sandboxControl('/sandbox/tcc/clock', { offsetMs: 0 });
    expect(repaid.status).toBe(200);
    expect(repaid.body).toMatchObject({
      id: res.body.id,
      status: 'pending',
      scene: 'barcode',
      wallet: 'alipay',
      action: null,
    });
    const call = gw.tccCalls(orderId, 'POST').at(-1);
    expect(call?.body).toMatchObject({
      paymentTypeCode: 'ALIPAY_FKM',
      authCode: '120000001111222233',
      body: 'Fine (re-issued)',
      orgId: 1,
    });
    expect(call?.query).toEqual({ operator: 'desk-1' });
    const events = await gw.request<{ data: { type: string }[] }>('GET', `/v1/payments/${res.body.id}/events`);
    expect(events.body.data.map((e) => e.type)).toContain('payment.repaid');
    await gw.sandboxControl(`/sandbox/tcc/orders/${orderId}/pay`);
    expect((await gw.waitFor(res.body.id, (p) => p.status === 'paid', 3_000)).status).toBe('paid');
  });

  it('treats money on a canceled re-issued order as needing review', async () => {
    const res = await create(tccPayment('qrcode', 'wechat'));
    const orderId = orderIdOf(res.body);
    await gw.request('POST', `/v1/payments/${res.body.id}/cancel`);
    await gw.sandboxControl(`/sandbox/tcc/orders/${orderId}/pay-after-cancel`);
    const fresh = await gw.request('GET', `/v1/payments/${res.body.id}?refresh=true`);
    expect(fresh.body.status).toBe('needs_review');
  });
});
