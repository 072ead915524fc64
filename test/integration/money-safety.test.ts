import { describe, expect, it } from 'vitest';
import { sealRequest } from '../../lib/providers/zhixiao/codec';
import { sandboxDefaults } from '../../local/runtime';
import { shouqianbaBarcode, shouqianbaQr, tccPayment, useGateway, zhixiaoPayment } from '../support/gateway';
import { failPaymentDeletes, throttleWrites } from '../support/store-faults';

const gw = useGateway();
const creds = {
  appId: sandboxDefaults.ZHIXIAO_APP_ID,
  appSecret: sandboxDefaults.ZHIXIAO_APP_SECRET,
  aesKey: sandboxDefaults.ZHIXIAO_AES_KEY,
};

type Payment = Record<string, unknown> & {
  id: string;
  status: string;
  reviewReason: string | null;
  amountRefunded: number;
  providerRefs: { orderId?: string; sn?: string };
};
type Refund = { id: string; status: string; amount: number; failure: { code: string } | null };
type Event = { type: string; source: string; from: string | null; to: string; data: Record<string, unknown> };

const create = (body: Record<string, unknown>) => gw.request<Payment>('POST', '/v1/payments', { body });
const get = async (id: string, refresh = false) =>
  (await gw.request<Payment>('GET', `/v1/payments/${id}${refresh ? '?refresh=true' : ''}`)).body;
const events = async (id: string) =>
  (await gw.request<{ data: Event[] }>('GET', `/v1/payments/${id}/events`)).body.data;
const refunds = async (id: string) =>
  (await gw.request<{ data: Refund[] }>('GET', `/v1/payments/${id}/refunds`)).body.data;
const reconcile = () => gw.request<{ checked: number; needsReview: string[] }>('POST', '/v1/reconciliations');
const faults = (provider: string, f: Record<string, unknown> = {}) =>
  gw.sandboxControl(`/sandbox/${provider}/faults`, f);

/** Posts a signed Zhixiao notify of payment for `p`, as Zhixiao would. */
const zhixiaoPaidNotify = async (p: Payment) => {
  const fields = sealRequest(
    {
      out_trade_no: p.id,
      order_id: p.providerRefs.orderId,
      time_end: '2026-11-24 12:00:00',
      uid: '2088612279536603',
      pay_type: '1',
    },
    creds,
  );
  const res = await fetch(`${gw.url}/webhooks/zhixiao`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
  return (await res.json()) as { ret_code: string };
};

/** A Zhixiao payment the payer paid on the hosted page (Zhixiao's notify reports it). */
const paidZhixiao = async (amount: number) => {
  const res = await create(zhixiaoPayment('h5', { amount }));
  await gw.sandboxControl(`/sandbox/zhixiao/orders/${res.body.providerRefs.orderId}/pay`);
  return gw.waitFor(res.body.id, (p) => p.status === 'paid', 5_000) as Promise<Payment>;
};

const paidShouqianba = async (amount = 1000) => {
  const res = await create(shouqianbaBarcode('139900001111222233', { amount }));
  expect(res.body.status).toBe('paid');
  return res.body;
};

/**
 * Fails writes of one payment as `throttleWrites` does, with the delivery consumer held meanwhile: its writes (an
 * event's fan-out to the endpoints) would otherwise take the count. The returned function heals and releases.
 */
const throttlePaymentWrites = async (id: string, counts: { skip?: number; fail?: number }) => {
  await gw.deliveriesSettled();
  const release = gw.holdDeliveries();
  const heal = await throttleWrites(`PAYMENT#${id}`, counts);
  return () => {
    heal();
    release();
  };
};

describe('needs_review sticks until a person resolves it', () => {
  it('keeps a Zhixiao payment paid after its cancel in review however often the notify repeats, notifying nothing', async () => {
    const res = await create(zhixiaoPayment('h5', { notifyUrl: 'http://127.0.0.1:9/hook' }));
    await gw.request('POST', `/v1/payments/${res.body.id}/cancel`);
    expect((await zhixiaoPaidNotify(res.body)).ret_code).toBe('0');
    expect((await zhixiaoPaidNotify(res.body)).ret_code).toBe('0');
    expect(await get(res.body.id)).toMatchObject({ status: 'needs_review', reviewReason: 'paid_after_cancel' });
    const history = await events(res.body.id);
    expect(history.map((e) => e.type)).not.toContain('payment.paid');
    expect(history.filter((e) => e.type === 'payment.needs_review')).toHaveLength(1);
  });

  it('keeps a TCC payment paid "by special means" after its cancel in review through repeated refreshes', async () => {
    const res = await create(tccPayment('qrcode', 'wechat'));
    await gw.request('POST', `/v1/payments/${res.body.id}/cancel`);
    await gw.sandboxControl(`/sandbox/tcc/orders/${res.body.providerRefs.orderId}/pay-after-cancel`);
    expect(await get(res.body.id, true)).toMatchObject({ status: 'needs_review', reviewReason: 'paid_after_cancel' });
    expect(await get(res.body.id, true)).toMatchObject({ status: 'needs_review', reviewReason: 'paid_after_cancel' });
    const resolved = await gw.request<Payment>('POST', `/v1/payments/${res.body.id}/resolve`, {
      body: { status: 'paid', note: 'payer confirmed at the desk' },
    });
    expect(resolved.body.status).toBe('paid');
    expect((await events(res.body.id)).at(-1)).toMatchObject({ source: 'operator', from: 'needs_review', to: 'paid' });
  });

  it('keeps a refund_unsettled review when the provider later shows the refund, with nothing booked', async () => {
    const p = await paidShouqianba(1000);
    await faults('shouqianba', { timeoutRate: 1 });
    const pending = await gw.request<Refund>('POST', `/v1/payments/${p.id}/refunds`, { body: { amount: 300 } });
    expect(pending.status).toBe(202);
    // A day passes in which no provider answer settles the refund.
    await faults('shouqianba', { errorRate: 1 });
    const dayOld = new Date(Date.now() - 25 * 3600_000).toISOString();
    await gw.patchStored(p.id, {
      refunds: [{ ...pending.body, status: 'pending', createdAt: dayOld, paymentId: p.id, object: 'refund' }],
    });
    await reconcile();
    await faults('shouqianba');
    expect(await get(p.id)).toMatchObject({
      status: 'needs_review',
      reviewReason: 'refund_unsettled',
      amountRefunded: 0,
    });
    expect(await get(p.id, true)).toMatchObject({
      status: 'needs_review',
      reviewReason: 'refund_unsettled',
      amountRefunded: 0,
    });
    const resolved = await gw.request<Payment>('POST', `/v1/payments/${p.id}/resolve`, {
      body: { status: 'partially_refunded', note: 'the refund is in Shouqianba’s books' },
    });
    expect(resolved.body).toMatchObject({ status: 'partially_refunded', amountRefunded: 300 });
  });
});

describe('a cancel the provider refuses because the order moved on', () => {
  it('answers 409 invalid_state with the payment as the provider has it (Shouqianba UPAY_CANCEL_INVALID_ORDER_STATE)', async () => {
    const res = await create(shouqianbaQr());
    await gw.sandboxControl(`/sandbox/shouqianba/orders/${res.body.id}/fail`);
    const cancel = await gw.request<{ code: string; payment: Payment }>('POST', `/v1/payments/${res.body.id}/cancel`);
    expect(cancel.status).toBe(409);
    expect(cancel.body).toMatchObject({ code: 'invalid_state', payment: { id: res.body.id, status: 'failed' } });
  });
});

describe('refunds retried after a server error', () => {
  it('replays the same pending refund for the same Idempotency-Key after a 5xx: one provider call, money refunded once', async () => {
    const p = await paidShouqianba(1000);
    const key = `refund-${p.id}`;
    // The key's record: claimed, then the refund's checkpoint, then the final answer — which the store refuses.
    const heal = await throttleWrites(`IDEMPOTENCY#demo#${key}`, { skip: 2, fail: 1 });
    const headers = { 'idempotency-key': key };
    const first = await gw.request('POST', `/v1/payments/${p.id}/refunds`, { body: { amount: 300 }, headers });
    heal();
    expect(first).toMatchObject({ status: 503, body: { code: 'service_unavailable' } });
    const retry = await gw.request<Refund>('POST', `/v1/payments/${p.id}/refunds`, { body: { amount: 300 }, headers });
    expect(retry.status).toBe(202);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(gw.shouqianbaCalls(p.id, 'refund')).toHaveLength(1);
    expect(gw.gateway.sandbox?.shouqianba?.book.orders.get(p.id)?.netAmount).toBe(700);
    expect((await refunds(p.id)).map((r) => r.id)).toEqual([retry.body.id]);
  });

  it('answers 202 with the pending refund when the store refuses the write after the provider refunded, and settles it later', async () => {
    const p = await paidShouqianba(1000);
    const heal = await throttlePaymentWrites(p.id, { skip: 1, fail: 1 });
    const first = await gw.request<Refund>('POST', `/v1/payments/${p.id}/refunds`, { body: { amount: 300 } });
    heal();
    expect(first).toMatchObject({ status: 202, body: { status: 'pending' } });
    expect(gw.gateway.sandbox?.shouqianba?.book.orders.get(p.id)?.netAmount).toBe(700);
    await reconcile();
    expect(await get(p.id)).toMatchObject({ status: 'partially_refunded', amountRefunded: 300 });
    expect((await refunds(p.id)).map((r) => [r.id, r.status])).toEqual([[first.body.id, 'succeeded']]);
  });

  it('answers a retry with the same refundNo with the one refund, without calling the provider again', async () => {
    const p = await paidShouqianba(1000);
    const heal = await throttlePaymentWrites(p.id, { skip: 1, fail: 1 });
    const body = { amount: 300, refundNo: 'R-RETRY-1' };
    expect((await gw.request('POST', `/v1/payments/${p.id}/refunds`, { body })).status).toBe(202);
    heal();
    const retry = await gw.request<Refund>('POST', `/v1/payments/${p.id}/refunds`, { body });
    expect(retry).toMatchObject({ status: 200, body: { refundNo: 'R-RETRY-1', status: 'pending' } });
    expect(gw.shouqianbaCalls(p.id, 'refund')).toHaveLength(1);
  });
});

describe('money after a cancel is looked for', () => {
  it('finds money paid at TCC after a timeout cancel on the next reconciliation', async () => {
    const res = await create(tccPayment('qrcode', 'wechat'));
    const canceled = await gw.waitFor(res.body.id, (p) => p.status === 'canceled', 20_000);
    expect(canceled).toMatchObject({ status: 'canceled', cancelReason: 'timeout' });
    await gw.sandboxControl(`/sandbox/tcc/orders/${res.body.providerRefs.orderId}/pay-after-cancel`);
    const report = await reconcile();
    expect(report.body.checked).toBeGreaterThanOrEqual(1);
    expect(report.body.needsReview).toContain(res.body.id);
    expect(await get(res.body.id)).toMatchObject({ status: 'needs_review', reviewReason: 'paid_after_cancel' });
  });
});

describe('money after a provider-side close is looked for too', () => {
  it('finds money paid at TCC on an order TCC closed itself', async () => {
    const res = await create(tccPayment('qrcode', 'wechat'));
    await gw.sandboxControl(`/sandbox/tcc/orders/${res.body.providerRefs.orderId}/fail`);
    expect(await gw.waitFor(res.body.id, (p) => p.status === 'canceled', 5_000)).toMatchObject({
      cancelReason: 'provider',
    });
    await gw.sandboxControl(`/sandbox/tcc/orders/${res.body.providerRefs.orderId}/pay-after-cancel`);
    expect((await reconcile()).body.needsReview).toContain(res.body.id);
  });
});

describe('Zhixiao refunds and queries', () => {
  it('keeps a partly refunded Zhixiao payment as it is on refresh and reconciliation', async () => {
    const p = await paidZhixiao(1000);
    const refund = await gw.request<Refund>('POST', `/v1/payments/${p.id}/refunds`, { body: { amount: 400 } });
    expect(refund.body.status).toBe('succeeded');
    expect(await get(p.id, true)).toMatchObject({ status: 'partially_refunded', amountRefunded: 400 });
    await reconcile();
    expect(await get(p.id)).toMatchObject({ status: 'partially_refunded', amountRefunded: 400 });
  });

  it('fails a create whose answer was lost when Zhixiao answers that it holds no such order, once the call is surely over', async () => {
    await faults('zhixiao', { errorRate: 1 });
    const res = await create(zhixiaoPayment());
    await faults('zhixiao');
    expect(res).toMatchObject({ status: 202, body: { status: 'created' } });
    // Without a usable answer the create may still reach Zhixiao: "no such order" proves nothing yet.
    await reconcile();
    expect(await get(res.body.id)).toMatchObject({ status: 'created' });
    // Once the longest create call is over, it is proof.
    await gw.patchStored(res.body.id, { createdAt: new Date(Date.now() - 6 * 60_000).toISOString() });
    await reconcile();
    expect(await get(res.body.id)).toMatchObject({ status: 'failed', failure: { code: 'ORDER_NOT_FOUND' } });
  });

  it('removes, without an event, the payment a duplicate create could not remove, once its create is surely over', async () => {
    const first = await create(zhixiaoPayment());
    expect(first.status).toBe(201);
    const restore = await failPaymentDeletes();
    const duplicate = await create({ ...zhixiaoPayment(), merchantOrderNo: first.body.merchantOrderNo });
    restore();
    expect(duplicate).toMatchObject({ status: 409, body: { code: 'duplicate_merchant_order_no' } });
    const listed = async () =>
      (
        await gw.request<{ data: Payment[] }>(
          'GET',
          `/v1/payments?merchantOrderNo=${first.body.merchantOrderNo}&limit=100`,
        )
      ).body.data;
    const all = await gw.request<{ data: Payment[] }>('GET', '/v1/payments?limit=100');
    const leftover = all.body.data.find(
      (p) => p.merchantOrderNo === first.body.merchantOrderNo && p.id !== first.body.id,
    );
    expect(leftover).toMatchObject({ status: 'created' });
    const id = leftover?.id as string;
    // Within the create window it might still be on its way to the provider: it is left alone.
    await reconcile();
    expect((await gw.request('GET', `/v1/payments/${id}`)).status).toBe(200);
    await gw.patchStored(id, { createdAt: new Date(Date.now() - 6 * 60_000).toISOString() });
    await reconcile();
    expect((await gw.request('GET', `/v1/payments/${id}`)).status).toBe(404);
    expect((await listed()).map((p) => p.id)).toEqual([first.body.id]);
    expect(await get(first.body.id)).toMatchObject({ status: first.body.status });
  });

  it('sends a Zhixiao refund whose answer was lost to review at once (refund_unknown), keeping it reserved', async () => {
    const p = await paidZhixiao(1000);
    await faults('zhixiao', { timeoutRate: 1 });
    const refund = await gw.request<Refund>('POST', `/v1/payments/${p.id}/refunds`, { body: { amount: 400 } });
    await faults('zhixiao');
    expect(refund).toMatchObject({ status: 202, body: { status: 'needs_review' } });
    expect(await get(p.id)).toMatchObject({ status: 'needs_review', reviewReason: 'refund_unknown' });
    const over = await gw.request('POST', `/v1/payments/${p.id}/refunds`, { body: { amount: 700 } });
    expect(over.status).toBe(409);
  });
});

describe('refunds that never happened are released', () => {
  it('fails a TCC refund whose call got an error once TCC’s status shows it was not refunded', async () => {
    const res = await create(tccPayment('offline', undefined));
    expect(res.body.status).toBe('paid');
    await faults('tcc', { errorRate: 1 });
    const refund = await gw.request<Refund>('POST', `/v1/payments/${res.body.id}/refunds`, { body: { amount: 500 } });
    await faults('tcc');
    expect(refund).toMatchObject({ status: 202, body: { status: 'pending' } });
    await reconcile();
    const [settled] = await refunds(res.body.id);
    expect(settled).toMatchObject({ status: 'failed', failure: { code: 'REFUND_NOT_AT_PROVIDER' } });
    expect(await get(res.body.id)).toMatchObject({ status: 'paid', amountRefunded: 0 });
    const again = await gw.request<Refund>('POST', `/v1/payments/${res.body.id}/refunds`, { body: { amount: 500 } });
    expect(again.body.status).toBe('succeeded');
  });
});

describe('provider errors: one rule for all three', () => {
  it('answers a definite Zhixiao error to a create with 502 carrying its code and message, keeping nothing', async () => {
    // Zhixiao refuses a total_fee of more than 10 digits with ret_code -2.
    const body = zhixiaoPayment('h5', { amount: 10_000_000_000 });
    const res = await create(body);
    expect(res.status).toBe(502);
    expect(res.body).toMatchObject({ code: 'provider_error', detail: expect.stringContaining('ZHIXIAO_-2') });
    expect(res.body.detail).toContain('total_fee');
    const listed = await gw.request<{ data: unknown[] }>('GET', `/v1/payments?merchantOrderNo=${body.merchantOrderNo}`);
    expect(listed.body.data).toHaveLength(0);
    expect((await create({ ...body, amount: 1000 })).status).toBe(201);
  });

  it('refuses a Zhixiao mini-program payment without openid with 400 naming zhixiao.openid, calling nothing', async () => {
    const before = gw.zhixiaoCalls(undefined, 'create').length;
    const res = await create(zhixiaoPayment('miniprogram', { wallet: 'wechat' }));
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'validation_error', errors: [{ path: 'zhixiao.openid' }] });
    expect(gw.zhixiaoCalls(undefined, 'create')).toHaveLength(before);
  });
});
