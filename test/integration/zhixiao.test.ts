import { describe, expect, it } from 'vitest';
import { reconcile } from '../../lib/payments/reconcile';
import { sealRequest, signRequest, signResponse } from '../../lib/providers/zhixiao/codec';
import { getRuntime } from '../../lib/runtime';
import { sandboxDefaults } from '../../local/runtime';
import { useGateway, zhixiaoPayment } from '../support/gateway';

const gw = useGateway();
const creds = {
  appId: sandboxDefaults.ZHIXIAO_APP_ID,
  appSecret: sandboxDefaults.ZHIXIAO_APP_SECRET,
  aesKey: sandboxDefaults.ZHIXIAO_AES_KEY,
};

type Payment = Record<string, unknown> & { id: string; action: { url: string }; providerRefs: { orderId: string } };
const create = (body: Record<string, unknown>) => gw.request<Payment>('POST', '/v1/payments', { body });
const events = async (id: string) =>
  (await gw.request<{ data: { type: string; source: string }[] }>('GET', `/v1/payments/${id}/events`)).body.data;

/** Posts to our webhook as Zhixiao would (form-encoded unless told otherwise). */
const notify = async (fields: Record<string, string>, json = false) => {
  const res = await fetch(`${gw.url}/webhooks/zhixiao`, {
    method: 'POST',
    headers: { 'content-type': json ? 'application/json' : 'application/x-www-form-urlencoded' },
    body: json ? JSON.stringify(fields) : new URLSearchParams(fields).toString(),
  });
  return { status: res.status, body: (await res.json()) as { ret_code: string; ret_content: string; sign: string } };
};
const notifyParam = (p: Payment, over: Record<string, unknown> = {}) => ({
  out_trade_no: p.id,
  order_id: p.providerRefs.orderId,
  time_end: '2026-11-24 12:00:00',
  uid: '2088612279536603',
  pay_type: '1',
  ...over,
});

describe('Zhixiao hosted page → notify → paid', () => {
  it('pays through the hosted page and the webhook, within a second', async () => {
    const res = await create(zhixiaoPayment());
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'pending', action: { type: 'redirect' } });
    expect(gw.zhixiaoCalls(res.body.id, 'create')[0]?.param).toMatchObject({
      total_fee: '19800',
      body: '2026 学费',
      notify_url: `${gw.url}/webhooks/zhixiao`,
      user_no: '2013141516',
    });
    const page = await fetch(res.body.action.url);
    expect(await page.text()).toContain('198.00');
    await fetch(`${res.body.action.url}/pay`, { method: 'POST', redirect: 'manual' });
    const paid = await gw.waitFor(res.body.id, (p) => p.status === 'paid', 1_000);
    expect(paid).toMatchObject({ status: 'paid', paidAt: expect.any(String) });
    expect((await events(res.body.id)).at(-1)).toMatchObject({ type: 'payment.paid', source: 'webhook' });
    const delivered = gw.gateway.sandbox?.zhixiao?.notifies.filter((n) => n.outTradeNo === res.body.id);
    expect(delivered?.map((n) => n.answeredSuccess)).toEqual([true]);
  });

  it('applies a duplicated notify once: one payment.paid event, both answered with success', async () => {
    await gw.sandboxControl('/sandbox/zhixiao/faults', { duplicateNotifyRate: 1 });
    const res = await create(zhixiaoPayment());
    await gw.sandboxControl(`/sandbox/zhixiao/orders/${res.body.providerRefs.orderId}/pay`);
    await gw.sandboxControl('/sandbox/zhixiao/faults', {});
    await gw.waitFor(res.body.id, (p) => p.status === 'paid', 2_000);
    await new Promise((r) => setTimeout(r, 300));
    expect((await events(res.body.id)).filter((e) => e.type === 'payment.paid')).toHaveLength(1);
    const delivered = gw.gateway.sandbox?.zhixiao?.notifies.filter((n) => n.outTradeNo === res.body.id);
    expect(delivered?.map((n) => n.answeredSuccess)).toEqual([true, true]);
  });

  it('finds a payment whose notify was lost by polling', async () => {
    await gw.sandboxControl('/sandbox/zhixiao/faults', { notifyLossRate: 1 });
    const res = await create(zhixiaoPayment());
    await gw.sandboxControl(`/sandbox/zhixiao/orders/${res.body.providerRefs.orderId}/pay`);
    await gw.sandboxControl('/sandbox/zhixiao/faults', {});
    const paid = await gw.waitFor(res.body.id, (p) => p.status === 'paid', 5_000);
    expect(paid.status).toBe('paid');
    expect((await events(res.body.id)).at(-1)).toMatchObject({ type: 'payment.paid', source: 'poller' });
    expect(gw.gateway.sandbox?.zhixiao?.notifies.filter((n) => n.outTradeNo === res.body.id)).toHaveLength(0);
  });

  it('cancels an unpaid payment at Zhixiao when the polling window ends', async () => {
    const res = await create(zhixiaoPayment());
    const closed = await gw.waitFor(res.body.id, (p) => p.status !== 'pending', 20_000);
    expect(closed).toMatchObject({ status: 'canceled', cancelReason: 'timeout' });
    await gw.gateway.stepFunctions.idle();
    expect(gw.zhixiaoCalls(res.body.id, 'cancel')).toHaveLength(1);
  });
});

describe('Zhixiao long tail', () => {
  it('is owned by the reconciler, which cancels at Zhixiao once the link has expired', async () => {
    const res = await create(zhixiaoPayment());
    const rt = await getRuntime();
    const twoHoursLater = { ...rt, clock: () => new Date(Date.now() + 2 * 3600_000) };
    const report = await reconcile(twoHoursLater, 'demo');
    expect(report.checked).toBeGreaterThanOrEqual(1);
    const after = await gw.request('GET', `/v1/payments/${res.body.id}`);
    expect(after.body).toMatchObject({ status: 'canceled', cancelReason: 'timeout' });
    expect(gw.zhixiaoCalls(res.body.id, 'cancel')).toHaveLength(1);
    expect((await events(res.body.id)).at(-1)).toMatchObject({ type: 'payment.canceled', source: 'reconciler' });
  });
});

describe('the notify webhook refuses what it cannot trust, and changes nothing', () => {
  it.each([
    ['a bad signature', (f: Record<string, string>) => ({ ...f, sign: '0'.repeat(32) })],
    [
      'an unknown app id',
      (f: Record<string, string>) => ({
        ...f,
        id: 'partner2',
        sign: signRequest('partner2', f.param as string, creds.appSecret),
      }),
    ],
    [
      'a param that does not decrypt',
      (f: Record<string, string>) => ({
        ...f,
        param: 'bm90IGNpcGhlcnRleHQ=',
        sign: signRequest(f.id as string, 'bm90IGNpcGhlcnRleHQ=', creds.appSecret),
      }),
    ],
  ])('answers %s with HTTP 400 and ret_code -2', async (_name, tamper) => {
    const res = await create(zhixiaoPayment());
    const answer = await notify(tamper(sealRequest(notifyParam(res.body), creds)));
    expect(answer.status).toBe(400);
    expect(answer.body.ret_code).toBe('-2');
    // An app id we do not know has no secret of ours to sign the answer with.
    if (_name !== 'an unknown app id') {
      expect(answer.body.sign).toBe(signResponse('-2', answer.body.ret_content, creds.appSecret));
    }
    expect((await gw.request('GET', `/v1/payments/${res.body.id}`)).body.status).toBe('pending');
  });

  it('answers an invalid param with 400', async () => {
    const res = await create(zhixiaoPayment());
    const fields = sealRequest({ out_trade_no: res.body.id }, creds);
    expect((await notify(fields)).status).toBe(400);
    expect((await gw.request('GET', `/v1/payments/${res.body.id}`)).body.status).toBe('pending');
  });

  it('answers a well-signed notify for an order we do not hold with non-success', async () => {
    const res = await create(zhixiaoPayment());
    const answer = await notify(sealRequest(notifyParam(res.body, { out_trade_no: 'pay_unknown' }), creds));
    expect(answer.status).toBe(200);
    expect(answer.body.ret_code).toBe('-1');
  });

  it('answers a well-signed notify whose order_id differs with non-success and asks Zhixiao instead', async () => {
    const res = await create(zhixiaoPayment());
    const queries = gw.zhixiaoCalls(res.body.id, 'query').length;
    const answer = await notify(sealRequest(notifyParam(res.body, { order_id: '999' }), creds));
    expect(answer.body.ret_code).toBe('-1');
    expect(gw.zhixiaoCalls(res.body.id, 'query').length).toBeGreaterThan(queries);
    expect((await gw.request('GET', `/v1/payments/${res.body.id}`)).body.status).toBe('pending');
  });

  it('accepts a JSON notify and answers success signed as API.md says', async () => {
    const res = await create(zhixiaoPayment());
    const answer = await notify(sealRequest(notifyParam(res.body), creds), true);
    expect(answer).toEqual({
      status: 200,
      body: { ret_code: '0', ret_content: '', sign: signResponse('0', '', creds.appSecret) },
    });
    expect((await gw.request('GET', `/v1/payments/${res.body.id}`)).body.status).toBe('paid');
  });

  it('moves money reported after a cancel to needs_review, and still answers success', async () => {
    const res = await create(zhixiaoPayment());
    await gw.request('POST', `/v1/payments/${res.body.id}/cancel`);
    const answer = await notify(sealRequest(notifyParam(res.body), creds));
    expect(answer.body.ret_code).toBe('0');
    expect((await gw.request('GET', `/v1/payments/${res.body.id}`)).body.status).toBe('needs_review');
  });
});

describe('Zhixiao scenes and rules', () => {
  it('returns mini-program params for a WeChat mini-program payment', async () => {
    const res = await create(
      zhixiaoPayment('miniprogram', { wallet: 'wechat', zhixiao: { openid: 'oGTHE5BRsqWUqkvsNz3PGa_rXPKA' } }),
    );
    expect(res.status).toBe(201);
    expect(res.body.action).toMatchObject({
      type: 'miniprogram',
      params: { package: expect.stringMatching(/^prepay_id=/) },
    });
    expect(gw.zhixiaoCalls(res.body.id, 'create')[0]?.param).toMatchObject({
      pay_type: 1,
      openid: 'oGTHE5BRsqWUqkvsNz3PGa_rXPKA',
    });
  });

  it('refuses an Alipay mini-program payment (422 unsupported_method) and a body over 128 bytes (422) before calling', async () => {
    const before = gw.zhixiaoCalls(undefined, 'create').length;
    const alipay = await create(zhixiaoPayment('miniprogram', { wallet: 'alipay', zhixiao: { openid: 'x' } }));
    expect(alipay.status).toBe(422);
    expect(alipay.body.code).toBe('unsupported_method');
    const long = await create(zhixiaoPayment('h5', { subject: '学'.repeat(43) }));
    expect(long.status).toBe(422);
    expect(long.body.code).toBe('provider_rule');
    expect(gw.zhixiaoCalls(undefined, 'create').length).toBe(before);
  });

  it('sends create-time invoice data as piaoju, and refuses a company invoice without taxNumber (400)', async () => {
    const invoice = {
      payerType: 'company',
      payerName: '知校科技有限公司',
      taxNumber: '312000000H001L',
      phone: '13000000000',
    };
    const res = await create(zhixiaoPayment('pc', { zhixiao: { invoice } }));
    expect(gw.zhixiaoCalls(res.body.id, 'create')[0]?.param?.piaoju).toEqual({
      payer_type: 2,
      payer_name: '知校科技有限公司',
      payer_taxnum: '312000000H001L',
      phone: '13000000000',
    });
    const bad = await create(zhixiaoPayment('pc', { zhixiao: { invoice: { ...invoice, taxNumber: undefined } } }));
    expect(bad.status).toBe(400);
    expect((bad.body.errors as { path: string }[])[0]?.path).toBe('zhixiao.invoice.taxNumber');
  });

  it('never takes an answer with a bad signature as success: 502, and the payment stays created for polling', async () => {
    await gw.sandboxControl('/sandbox/zhixiao/faults', { badSignRate: 1 });
    const body = zhixiaoPayment();
    const res = await create(body);
    await gw.sandboxControl('/sandbox/zhixiao/faults', {});
    expect(res.status).toBe(502);
    expect(res.body.code).toBe('provider_error');
    const listed = await gw.request<{ data: { status: string }[] }>(
      'GET',
      `/v1/payments?merchantOrderNo=${body.merchantOrderNo}`,
    );
    expect(listed.body.data.map((p) => p.status)).toEqual(['created']);
  });
});

describe('Zhixiao refunds', () => {
  const paidPayment = async (amount = 1000) => {
    const res = await create(zhixiaoPayment('h5', { amount }));
    await gw.sandboxControl(`/sandbox/zhixiao/orders/${res.body.providerRefs.orderId}/pay`);
    await gw.waitFor(res.body.id, (p) => p.status === 'paid', 2_000);
    return res.body.id;
  };

  it('refunds in parts up to what was paid, and refuses more before calling', async () => {
    const id = await paidPayment(1000);
    expect((await gw.request('POST', `/v1/payments/${id}/refunds`, { body: { amount: 300 } })).body.status).toBe(
      'succeeded',
    );
    expect((await gw.request('POST', `/v1/payments/${id}/refunds`, { body: { amount: 600 } })).body.status).toBe(
      'succeeded',
    );
    const over = await gw.request('POST', `/v1/payments/${id}/refunds`, { body: { amount: 101 } });
    expect(over.status).toBe(422);
    expect(over.body.code).toBe('refund_exceeds_refundable');
    expect((await gw.request('POST', `/v1/payments/${id}/refunds`, { body: { amount: 100 } })).body.status).toBe(
      'succeeded',
    );
    expect((await gw.request('GET', `/v1/payments/${id}`)).body).toMatchObject({
      status: 'refunded',
      amountRefunded: 1000,
    });
    expect(gw.zhixiaoCalls(id, 'refund').map((c) => c.param?.refund_fee)).toEqual(['300', '600', '100']);
  });
});

describe('Zhixiao invoices and identity', () => {
  it('issues an invoice for a paid payment once, with pay_type and payer_type', async () => {
    const res = await create(zhixiaoPayment());
    const invoice = { payerType: 'personal', payerName: '小明', phone: '13000000000' };
    const early = await gw.request('POST', `/v1/payments/${res.body.id}/invoice`, { body: invoice });
    expect(early.status).toBe(409);
    await gw.sandboxControl(`/sandbox/zhixiao/orders/${res.body.providerRefs.orderId}/pay`);
    await gw.waitFor(res.body.id, (p) => p.status === 'paid', 2_000);
    const noPhone = await gw.request('POST', `/v1/payments/${res.body.id}/invoice`, {
      body: { ...invoice, phone: undefined },
    });
    expect(noPhone.status).toBe(422);
    const issued = await gw.request('POST', `/v1/payments/${res.body.id}/invoice`, { body: invoice });
    expect(issued).toMatchObject({ status: 201, body: { status: 'issued' } });
    expect(gw.zhixiaoCalls(res.body.id, 'invoice')[0]?.param).toMatchObject({
      pay_type: 1,
      payer_type: 1,
      payer_name: '小明',
    });
    expect((await gw.request('POST', `/v1/payments/${res.body.id}/invoice`, { body: invoice })).status).toBe(409);
    expect(gw.zhixiaoCalls(res.body.id, 'invoice')).toHaveLength(1);
  });

  it('refuses an invoice for another provider’s payment', async () => {
    const sqb = await gw.request<Payment>('POST', '/v1/payments', {
      body: {
        provider: 'shouqianba',
        scene: 'barcode',
        authCode: '139900001111222233',
        amount: 1,
        merchantOrderNo: `S-${Date.now()}`,
        subject: 's',
        operator: 'o',
      },
    });
    const res = await gw.request('POST', `/v1/payments/${sqb.body.id}/invoice`, {
      body: { payerType: 'personal', payerName: 'x', phone: '1' },
    });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('unsupported_method');
  });

  it('passes identity (2.6) and card (2.7) through, camelCased, for authenticated callers only', async () => {
    const user = await gw.request('GET', '/v1/providers/zhixiao/users/2088612279536603');
    expect(user).toMatchObject({
      status: 200,
      body: { userNo: '20140548', userName: '张三', identityType: '1', openId: expect.any(String) },
    });
    const card = await gw.request('GET', '/v1/providers/zhixiao/cards/20180911001?schoolId=10086');
    expect(card.body).toMatchObject({
      schoolId: '10086',
      userNo: '20180911001',
      schemaUrl: expect.stringContaining('alipay'),
    });
    expect((await gw.request('GET', '/v1/providers/zhixiao/cards/20180911001')).status).toBe(400);
    expect((await gw.request('GET', '/v1/providers/zhixiao/users/000999')).status).toBe(502);
    expect((await gw.request('GET', '/v1/providers/zhixiao/users/2088', { key: null })).status).toBe(401);
  });
});
