import { afterEach, describe, expect, it, vi } from 'vitest';
import { ProviderError, ProviderRuleError, SignatureError } from '../../../../lib/domain/errors';
import type { Refund } from '../../../../lib/domain/payment';
import { ZhixiaoAdapter } from '../../../../lib/providers/zhixiao/adapter';
import { decrypt, signRequest } from '../../../../lib/providers/zhixiao/codec';
import { shanghaiTimeToIso } from '../../../../lib/providers/zhixiao/shanghai-time';
import { zhixiaoStatuses, zhixiaoStatusToPayment } from '../../../../lib/providers/zhixiao/status';
import { connectionDropped, fixtureText, type StubAnswer, stubFetch } from '../../../support/fetch-stub';
import { samplePayment } from '../../../support/payments';

/** The fixtures are sealed with the credentials of Zhixiao's known-answer vector. */
const { appId, appSecret, aesKey } = JSON.parse(fixtureText('zhixiao', 'vector.json')) as Record<string, string>;
const creds = { appId: appId as string, appSecret: appSecret as string, aesKey: aesKey as string };
const adapter = new ZhixiaoAdapter({
  ...creds,
  baseUrl: 'http://zx.test',
  notifyUrl: 'https://gw.test/webhooks/zhixiao',
  timeoutMs: 1000,
});
const answer = (a: string | StubAnswer) => stubFetch('zhixiao', typeof a === 'string' ? { fixture: `${a}.json` } : a);
const payment = (over = {}) => samplePayment({ provider: 'zhixiao', scene: 'h5', amount: 19800, ...over });

/** The decrypted `param` of a sent form, after checking its signature. */
const paramOf = (body: string) => {
  const form = new URLSearchParams(body);
  expect(form.get('id')).toBe(creds.appId);
  expect(form.get('sign')).toBe(signRequest(creds.appId, form.get('param') as string, creds.appSecret));
  return JSON.parse(decrypt(form.get('param') as string, creds.aesKey));
};

afterEach(() => vi.unstubAllGlobals());

describe('ZhixiaoAdapter.create', () => {
  it('posts a signed, encrypted create with fen as a string and our notify URL; a hosted page comes back', async () => {
    const sent = answer('create-h5');
    const out = await adapter.create(
      payment({ providerInput: { zhixiao: { userNo: '2013141516', userName: '张三', returnUrl: 'https://r.test' } } }),
    );
    expect(sent[0]?.url).toBe('http://zx.test/api/order/create');
    expect(sent[0]?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(paramOf(sent[0]?.body as string)).toEqual({
      body: 'Overdue fine',
      out_trade_no: 'pay_01TEST0000000000000000000',
      total_fee: '19800',
      user_no: '2013141516',
      user_name: '张三',
      return_url: 'https://r.test',
      notify_url: 'https://gw.test/webhooks/zhixiao',
    });
    expect(out).toEqual({
      outcome: 'pending',
      refs: { orderId: '1464678934786097' },
      action: { type: 'redirect', url: 'https://www.zhizhixiao.net/pay/orderId/1464678934786097.html' },
    });
  });

  it('sends a WeChat mini-program payment with pay_type 1 and openid, and returns sp_data as params', async () => {
    const sent = answer('create-miniprogram');
    const out = await adapter.create(
      payment({ scene: 'miniprogram', wallet: 'wechat', providerInput: { zhixiao: { openid: 'oGTH' } } }),
    );
    expect(paramOf(sent[0]?.body as string)).toMatchObject({ pay_type: 1, openid: 'oGTH' });
    expect(out).toMatchObject({
      outcome: 'pending',
      action: { type: 'miniprogram', params: { package: 'prepay_id=1' } },
    });
  });

  it('sends invoice data as piaoju', async () => {
    const sent = answer('create-h5');
    await adapter.create(
      payment({
        providerInput: {
          zhixiao: {
            invoice: { payerType: 'company', payerName: '知校科技', taxNumber: '312000000H001L', phone: '13000000000' },
          },
        },
      }),
    );
    expect(paramOf(sent[0]?.body as string).piaoju).toEqual({
      payer_type: 2,
      payer_name: '知校科技',
      payer_taxnum: '312000000H001L',
      phone: '13000000000',
    });
  });

  it.each([
    ['invalid-undecryptable', { outcome: 'unknown' }],
    ['invalid-no-sign', { outcome: 'unknown' }],
  ])('maps %s', async (name, expected) => {
    answer(name);
    expect(await adapter.create(payment())).toMatchObject(expected);
  });

  it.each([
    ['create-refused-plain', 'ZHIXIAO_-2', 'body不能超过128字节'],
    ['frozen', 'ZHIXIAO_-3', '账号被冻结'],
  ])('answers a definite error (%s) as ProviderError %s carrying its message', async (name, code, message) => {
    answer(name);
    const error = await adapter.create(payment()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ providerCode: code, message: expect.stringContaining(message) });
  });

  it('never takes an answer with a bad signature as success', async () => {
    answer('invalid-bad-sign');
    await expect(adapter.create(payment())).rejects.toBeInstanceOf(SignatureError);
  });

  it('refuses a body over 128 bytes, a mini-program without openid and an invoice without phone before calling', () => {
    expect(() => adapter.checkCreate(payment({ subject: '学'.repeat(43) }))).toThrow(ProviderRuleError);
    expect(() => adapter.checkCreate(payment({ subject: '学'.repeat(42) }))).not.toThrow();
    expect(() => adapter.checkCreate(payment({ scene: 'miniprogram', wallet: 'wechat' }))).toThrow(/openid/);
    expect(() =>
      adapter.checkCreate(
        payment({ providerInput: { zhixiao: { invoice: { payerType: 'personal', payerName: 'x' } } } }),
      ),
    ).toThrow(/phone/);
  });
});

describe('ZhixiaoAdapter.query', () => {
  it.each([
    ['query-pending', { found: true, status: 'pending' }],
    [
      'query-paid',
      { found: true, status: 'paid', paidAt: '2017-07-23T08:00:00.000Z', refs: { orderId: '1464678934786097' } },
    ],
    ['query-failed', { found: true, status: 'failed', failure: { code: 'ZHIXIAO_STATUS_3' } }],
    ['query-not-found', { found: false }],
  ])('maps %s', async (name, expected) => {
    const sent = answer(name);
    expect(await adapter.query(payment())).toMatchObject(expected);
    expect(paramOf(sent[0]?.body as string)).toEqual({ out_trade_no: 'pay_01TEST0000000000000000000' });
  });

  it('throws instead of guessing on an undocumented status, an error or a bad signature', async () => {
    answer('invalid-query-status');
    await expect(adapter.query(payment())).rejects.toBeInstanceOf(ProviderError);
    answer('error-encrypted');
    await expect(adapter.query(payment())).rejects.toThrow(/退款金额超过订单可退款金额/);
    answer('invalid-bad-sign');
    await expect(adapter.query(payment())).rejects.toBeInstanceOf(SignatureError);
  });
});

describe('ZhixiaoAdapter cancel and refund', () => {
  const refund = { id: 'ref_1', amount: 300 } as Refund;

  it('cancels, and sends a cancel with no answer to review', async () => {
    answer('cancel-ok');
    expect(await adapter.cancel(payment())).toEqual({ outcome: 'canceled' });
    answer({ error: connectionDropped });
    expect(await adapter.cancel(payment())).toMatchObject({ outcome: 'needs_review' });
    answer('create-refused-plain');
    await expect(adapter.cancel(payment())).rejects.toBeInstanceOf(ProviderError);
  });

  it('refunds refund_fee in fen, reading an encrypted error text', async () => {
    const sent = answer('cancel-ok');
    expect(await adapter.refund(payment(), refund)).toEqual({ outcome: 'succeeded' });
    expect(paramOf(sent[0]?.body as string)).toEqual({
      out_trade_no: 'pay_01TEST0000000000000000000',
      refund_fee: '300',
    });
    answer('error-encrypted');
    expect(await adapter.refund(payment(), refund)).toEqual({
      outcome: 'failed',
      failure: { code: 'ZHIXIAO_-1', message: '退款金额超过订单可退款金额' },
    });
    answer({ error: connectionDropped });
    expect((await adapter.refund(payment(), refund)).outcome).toBe('pending');
  });
});

describe('ZhixiaoAdapter pass-through and invoice', () => {
  it('camelCases identity (2.6) and card (2.7) answers', async () => {
    const sent = answer('identity');
    expect(await adapter.identity('2088')).toEqual({
      openId: 'LkEb9zWC5xGAAAAWPwAVGQ',
      userNo: '20140548',
      userName: '张三',
      sex: '1',
      identityType: '1',
    });
    expect(sent[0]?.url).toBe('http://zx.test/api/user/auth');
    const card = answer('card');
    expect(await adapter.card('10086', '20140548')).toMatchObject({ schoolId: '10086', schemaUrl: expect.any(String) });
    expect(paramOf(card[0]?.body as string)).toEqual({ school_id: '10086', user_no: '20140548' });
  });

  it('sends an invoice with both pay_type and payer_type', async () => {
    const sent = answer('ok-empty');
    await adapter.invoice(payment(), { payerType: 'personal', payerName: '小明', phone: '13000000000' });
    expect(sent[0]?.url).toBe('http://zx.test/api/invoice/create');
    expect(paramOf(sent[0]?.body as string)).toEqual({
      out_trade_no: 'pay_01TEST0000000000000000000',
      pay_type: 1,
      payer_type: 1,
      payer_name: '小明',
      phone: '13000000000',
    });
  });
});

describe('Zhixiao maps', () => {
  it('maps every query status exhaustively', () => {
    expect(zhixiaoStatusToPayment).toEqual({ '1': 'pending', '2': 'paid', '3': 'failed' });
    expect(Object.keys(zhixiaoStatusToPayment)).toEqual([...zhixiaoStatuses]);
  });

  it('reads time_end as Asia/Shanghai', () => {
    expect(shanghaiTimeToIso('2017-07-23 16:00:00')).toBe('2017-07-23T08:00:00.000Z');
    expect(shanghaiTimeToIso('2017-07-23T16:00:00')).toBeUndefined();
  });
});
