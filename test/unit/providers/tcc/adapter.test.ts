import { afterEach, describe, expect, it, vi } from 'vitest';
import { ProviderError, ProviderRuleError } from '../../../../lib/domain/errors';
import type { Refund } from '../../../../lib/domain/payment';
import { shanghaiDay, TccAdapter } from '../../../../lib/providers/tcc/adapter';
import { connectionDropped, type StubAnswer, stubFetch } from '../../../support/fetch-stub';
import { samplePayment } from '../../../support/payments';

const adapter = new TccAdapter({ baseUrl: 'http://tcc.test', token: 't0k', timeoutMs: 1000 });
const base = 'http://tcc.test/api/tcc-settlement/open-api/payment';
const answer = (a: string | StubAnswer) => stubFetch('tcc', typeof a === 'string' ? { fixture: a } : a);
const tcc = { orgId: 7, userId: 8, userType: 1, financialType: '102' };
const payment = (over = {}) =>
  samplePayment({ provider: 'tcc', scene: 'qrcode', wallet: 'wechat', amount: 1999, providerInput: { tcc }, ...over });
const withOrder = (over = {}) => payment({ providerRefs: { orderId: 'o-1' }, ...over });

afterEach(() => vi.unstubAllGlobals());

describe('TccAdapter.create', () => {
  it('posts the pay body with the token, fee as yuan with two decimals and content as a JSON string', async () => {
    const sent = answer('pay-pending.json');
    const out = await adapter.create(payment({ amount: 1990 }));
    expect(sent[0]?.url).toBe(base);
    expect(sent[0]?.headers.authorization).toBe('Bearer t0k');
    expect(sent[0]?.body).toContain('"fee":19.90,');
    expect(JSON.parse(sent[0]?.body as string)).toMatchObject({
      ...tcc,
      paymentTypeCode: 'WX_NATIVE',
      content: '[{"fee":"19.90"}]',
      operator: 'desk-1',
      body: 'Overdue fine',
    });
    expect(out).toEqual({
      outcome: 'pending',
      refs: { orderId: '406d9c3c-b688-41ed-b40a-c55b6f29', financialIds: ['1', '2'] },
      action: { type: 'qrcode', qrCode: 'weixin://wxpay/bizpayurl?pr=abc' },
    });
  });

  it.each([
    ['pay-paid.json', { outcome: 'paid', refs: { financialIds: ['01'] } }],
    ['pay-code-string.json', { outcome: 'pending', refs: { orderId: '12345' } }],
    ['pay-doc-sample.txt', { outcome: 'pending', refs: { orderId: 'string', financialIds: ['01', '02'] } }],
  ])('maps %s', async (fixture, expected) => {
    answer(fixture);
    expect(await adapter.create(payment())).toMatchObject(expected);
  });

  it.each([
    ['error-refused.json', 'TCC_400'],
    [401, 'HTTP_401'],
    [403, 'HTTP_403'],
  ])('answers a definite error (%s) as ProviderError %s', async (fixture, code) => {
    answer(typeof fixture === 'number' ? { text: '', status: fixture } : fixture);
    await expect(adapter.create(payment())).rejects.toMatchObject({ name: 'ProviderError', providerCode: code });
  });

  const noAnswers: [string, StubAnswer | string][] = [
    ['HTTP 500', { text: '', status: 500 }],
    ['HTTP 502', { text: '', status: 502 }],
    ['a dropped connection', { error: connectionDropped }],
    ['an answer without its envelope', 'invalid-no-envelope.json'],
    ['an answer without an orderId', 'invalid-pay-no-order.json'],
  ];

  it.each(noAnswers)('answers %s to a scan create as a provider error: nobody can pay without the QR', async (_, a) => {
    answer(a);
    await expect(adapter.create(payment())).rejects.toMatchObject({ providerCode: 'NO_ANSWER' });
  });

  it.each(noAnswers)('sends %s to a barcode create to review (no_order_ref): money may have moved', async (_, a) => {
    answer(a);
    expect(await adapter.create(payment({ scene: 'barcode' }), '134567890123456789')).toMatchObject({
      outcome: 'needs_review',
      reason: 'no_order_ref',
      failure: { code: 'NO_ORDER_ID' },
    });
  });

  it('refuses 10000 yuan or more before calling', () => {
    expect(() => adapter.checkCreate(payment({ amount: 1_000_000 }))).toThrow(ProviderRuleError);
    expect(() => adapter.checkCreate(payment({ amount: 999_999 }))).not.toThrow();
  });
});

describe('TccAdapter.query', () => {
  it.each([
    ['status-0.json', 'pending'],
    ['status-1.json', 'paid'],
    ['status-2.json', 'canceled'],
    ['status-3.json', 'refunded'],
  ])('maps %s to %s', async (fixture, status) => {
    const sent = answer(fixture);
    expect(await adapter.query(withOrder())).toMatchObject({ found: true, status });
    expect(sent[0]?.url).toBe(`${base}/o-1?operator=desk-1`);
    expect(sent[0]?.method).toBe('GET');
  });

  it('treats HTTP 404 as proof that TCC holds no such order', async () => {
    answer({ text: '', status: 404 });
    expect(await adapter.query(withOrder())).toEqual({ found: false });
  });

  it('refuses to guess an undocumented status, and cannot ask without an orderId', async () => {
    answer('invalid-status-7.json');
    await expect(adapter.query(withOrder())).rejects.toBeInstanceOf(ProviderError);
    await expect(adapter.query(payment())).rejects.toThrow(/NO_ORDER_ID|orderId/);
  });
});

describe('TccAdapter.cancel', () => {
  it.each([
    ['true.json', { outcome: 'canceled' }],
    ['false.json', { outcome: 'refused_state', failure: { code: 'CANCEL_REFUSED' } }],
  ])('maps %s', async (fixture, expected) => {
    const sent = answer(fixture);
    expect(await adapter.cancel(withOrder())).toMatchObject(expected);
    expect(sent[0]?.url).toBe(`${base}/cancel/o-1?operator=desk-1`);
  });

  it('answers an error envelope to a cancel as the provider error it is, and no answer as cancel_unknown', async () => {
    answer('error-refused.json');
    await expect(adapter.cancel(withOrder())).rejects.toMatchObject({ providerCode: 'TCC_400' });
    answer({ error: connectionDropped });
    expect(await adapter.cancel(withOrder())).toMatchObject({ outcome: 'needs_review', reason: 'cancel_unknown' });
  });

  it('sends a cancel with no order reference to review without calling', async () => {
    const sent = answer('true.json');
    expect(await adapter.cancel(payment())).toMatchObject({ outcome: 'needs_review', reason: 'no_order_ref' });
    expect(sent).toHaveLength(0);
  });
});

describe('TccAdapter refunds', () => {
  const refund: Refund = {
    id: 'ref_1',
    object: 'refund',
    paymentId: 'pay',
    amount: 1999,
    refundNo: null,
    reason: null,
    operator: 'desk-9',
    status: 'pending',
    failure: null,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
  };

  it('sends DELETE with the operator and refundFee in yuan', async () => {
    const sent = answer('true.json');
    expect(await adapter.refund(withOrder({ status: 'paid' }), refund)).toEqual({ outcome: 'succeeded' });
    expect(sent[0]?.method).toBe('DELETE');
    expect(sent[0]?.url).toBe(`${base}/o-1?operator=desk-9&refundFee=19.99`);
  });

  it.each([
    ['false.json', 'failed'],
    ['error-refused.json', 'failed'],
  ])('maps %s to %s', async (fixture, outcome) => {
    answer(fixture);
    expect((await adapter.refund(withOrder({ status: 'paid' }), refund)).outcome).toBe(outcome);
  });

  it('keeps a refund with no answer pending', async () => {
    answer({ error: connectionDropped });
    expect((await adapter.refund(withOrder({ status: 'paid' }), refund)).outcome).toBe('pending');
  });

  const paidAt = '2026-03-01T15:59:00.000Z'; // 23:59 in Asia/Shanghai
  it('refuses a second refund, a partial online refund and an online refund on a later Shanghai day', () => {
    const paid = withOrder({ status: 'paid', paidAt });
    const sameDay = new Date('2026-03-01T15:59:30.000Z');
    const nextDay = new Date('2026-03-01T16:00:00.000Z');
    expect(() => adapter.checkRefund(paid, 1999, sameDay)).not.toThrow();
    expect(() => adapter.checkRefund(paid, 1999, nextDay)).toThrow(/trade day/);
    expect(() => adapter.checkRefund(paid, 100, sameDay)).toThrow(/only in full/);
    expect(() =>
      adapter.checkRefund({ ...paid, refunds: [{ ...refund, status: 'succeeded' }] }, 1999, sameDay),
    ).toThrow(/only once/);
    expect(() =>
      adapter.checkRefund({ ...paid, refunds: [{ ...refund, status: 'failed' }] }, 1999, sameDay),
    ).not.toThrow();
    const offline = withOrder({ status: 'paid', scene: 'offline', wallet: null, paidAt });
    expect(() => adapter.checkRefund(offline, 100, nextDay)).not.toThrow();
  });
});

describe('TccAdapter.repay', () => {
  const createdAt = '2026-03-01T00:00:00.000Z';
  it('allows only pending orders at least 3 minutes old (since creation or the last repay)', () => {
    const p = withOrder({ status: 'pending', createdAt });
    expect(() => adapter.repay.check(p, new Date('2026-03-01T00:02:59.000Z'))).toThrow(/3-minute/);
    expect(() => adapter.repay.check(p, new Date('2026-03-01T00:03:00.000Z'))).not.toThrow();
    expect(() =>
      adapter.repay.check({ ...p, repaidAt: '2026-03-01T00:05:00.000Z' }, new Date('2026-03-01T00:06:00.000Z')),
    ).toThrow();
    expect(() => adapter.repay.check({ ...p, status: 'paid' }, new Date('2026-03-02T00:00:00.000Z'))).toThrow(/unpaid/);
  });

  it('posts the new method to the order', async () => {
    const sent = answer('true.json');
    const out = await adapter.repay.call(withOrder(), {
      scene: 'barcode',
      wallet: 'unionpay',
      subject: 'S',
      authCode: '1234567',
    });
    expect(out).toEqual({ outcome: 'repaid' });
    expect(sent[0]?.url).toBe(`${base}/o-1?operator=desk-1`);
    expect(JSON.parse(sent[0]?.body as string)).toEqual({
      orgId: 7,
      paymentTypeCode: 'UNION_AUTH',
      operator: 'desk-1',
      authCode: '1234567',
      body: 'S',
    });
  });
});

describe('shanghaiDay', () => {
  it('is the UTC+8 calendar day', () => {
    expect(shanghaiDay('2026-03-01T15:59:59.999Z')).toBe('2026-03-01');
    expect(shanghaiDay('2026-03-01T16:00:00.000Z')).toBe('2026-03-02');
  });
});
