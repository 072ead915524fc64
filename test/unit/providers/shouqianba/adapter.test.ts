import { afterEach, describe, expect, it, vi } from 'vitest';
import { ProviderError, ProviderUnavailableError } from '../../../../lib/domain/errors';
import type { Refund } from '../../../../lib/domain/payment';
import { ShouqianbaAdapter } from '../../../../lib/providers/shouqianba/adapter';
import { verifyBody } from '../../../../lib/providers/shouqianba/codec';
import { connectionDropped, connectionRefused, type StubAnswer, stubFetch } from '../../../support/fetch-stub';
import { samplePayment } from '../../../support/payments';

const config = { baseUrl: 'http://sqb.test', terminalSn: '100000330010000001', terminalKey: 'k3y', timeoutMs: 1000 };
const adapter = new ShouqianbaAdapter(config);
interface Sent {
  url: string;
  body: Record<string, string>;
  authorization: string;
}

/** Answers every call with the fixture (or `text`, or throws `error`); returns what the adapter sent, signature checked. */
const answer = (name: string | StubAnswer) => {
  const raw = stubFetch('shouqianba', typeof name === 'string' ? { fixture: `${name}.json` } : name);
  return {
    get length() {
      return raw.length;
    },
    at: (i: number): Sent | undefined => {
      const r = raw.at(i);
      if (!r) return undefined;
      const authorization = r.headers.authorization as string;
      expect(verifyBody(r.body, config.terminalKey, authorization.split(' ')[1] as string)).toBe(true);
      return { url: r.url, body: JSON.parse(r.body), authorization };
    },
  };
};

const refused = connectionRefused;
const reset = connectionDropped;

afterEach(() => vi.unstubAllGlobals());

describe('ShouqianbaAdapter.create (barcode → /pay)', () => {
  const p = samplePayment({
    scene: 'barcode',
    wallet: 'alipay',
    amount: 1999,
    providerInput: { shouqianba: { deviceId: 'D1', reflect: 'r' } },
  });

  it('sends the signed pay request with fen as a string and our id as client_sn', async () => {
    const sent = answer('pay-success');
    const out = await adapter.create(p, '134567890123456789');
    expect(sent.at(0)?.url).toBe('http://sqb.test/upay/v2/pay');
    expect(sent.at(0)?.authorization.startsWith('100000330010000001 ')).toBe(true);
    expect(sent.at(0)?.body).toEqual({
      terminal_sn: '100000330010000001',
      client_sn: p.id,
      total_amount: '1999',
      payway: '1',
      dynamic_id: '134567890123456789',
      subject: 'Overdue fine',
      operator: 'desk-1',
      reflect: 'r',
      device_id: 'D1',
    });
    expect(out).toEqual({
      outcome: 'paid',
      refs: { sn: '7894259244067349', tradeNo: '1006101016201512081965934048' },
      paidAt: new Date(1449569460000).toISOString(),
    });
  });

  it.each([
    ['pay-in-progress', { outcome: 'pending', action: null }],
    ['pay-fail', { outcome: 'failed', failure: { code: 'EXPIRED_BARCODE', message: '过期的支付条码' } }],
    ['pay-fail-error', { outcome: 'needs_review', failure: { code: 'UNEXPECTED_PROVIDER_ERROR' } }],
    ['pay-fail-nothing-moved', { outcome: 'failed', failure: { code: 'CLIENT_SN_CONFLICT' } }],
    ['invalid-no-result-code', { outcome: 'unknown' }],
  ])('maps %s', async (name, expected) => {
    answer(name);
    expect(await adapter.create(p, '134567890123456789')).toMatchObject(expected);
  });

  it.each([
    ['client-error-invalid-params', 'INVALID_PARAMS'],
    ['server-error', 'UNKNOWN_SYSTEM_ERROR'],
  ])('answers a top-level error (%s) as the definite ProviderError %s', async (name, code) => {
    answer(name);
    await expect(adapter.create(p, '134567890123456789')).rejects.toMatchObject({
      name: 'ProviderError',
      providerCode: code,
    });
  });

  it('treats an HTTP 5xx as unknown whatever its body says', async () => {
    answer({ fixture: 'server-error.json', status: 503 });
    expect((await adapter.create(p, '1')).outcome).toBe('unknown');
  });

  it('treats an answer that is not JSON, or a dropped connection, as unknown', async () => {
    answer({ text: '<html>502</html>' });
    expect((await adapter.create(p, '1')).outcome).toBe('unknown');
    answer({ error: reset });
    expect((await adapter.create(p, '1')).outcome).toBe('unknown');
  });

  it('reports a refused connection as unavailable (nothing was sent)', async () => {
    answer({ error: refused });
    await expect(adapter.create(p, '1')).rejects.toBeInstanceOf(ProviderUnavailableError);
  });
});

describe('ShouqianbaAdapter.create (qrcode → /precreate)', () => {
  const p = samplePayment({ scene: 'qrcode', wallet: 'wechat' });

  it('returns the QR code to show', async () => {
    const sent = answer('precreate-success');
    expect(await adapter.create(p)).toMatchObject({
      outcome: 'pending',
      action: { type: 'qrcode', qrCode: 'weixin://wxpay/bizpayurl?pr=abc' },
    });
    expect(sent.at(0)?.url).toBe('http://sqb.test/upay/v2/precreate');
    expect(sent.at(0)?.body.payway).toBe('3');
  });

  it.each([
    ['precreate-fail', 'failed'],
    ['precreate-success-without-qr', 'unknown'],
    ['pay-in-progress', 'unknown'],
  ])('maps %s to %s', async (name, outcome) => {
    answer(name);
    expect((await adapter.create(p)).outcome).toBe(outcome);
  });
});

describe('ShouqianbaAdapter.query', () => {
  const p = samplePayment({ providerRefs: { sn: '7894259244067349' } });

  it('asks by sn and client_sn and maps the order status', async () => {
    const sent = answer('query-paid');
    expect(await adapter.query(p)).toMatchObject({ found: true, status: 'paid', refundedAmount: 0 });
    expect(sent.at(0)?.body).toEqual({ terminal_sn: config.terminalSn, sn: '7894259244067349', client_sn: p.id });
  });

  it.each([
    ['query-created', { found: true, status: 'pending' }],
    ['query-pay-error', { found: true, status: 'needs_review', failure: { code: 'PAY_ERROR' } }],
    ['query-partial-refunded', { found: true, status: 'partially_refunded', refundedAmount: 400 }],
    ['query-not-exists', { found: false }],
    ['query-not-exist', { found: false }],
  ])('maps %s', async (name, expected) => {
    answer(name);
    expect(await adapter.query(p)).toMatchObject(expected);
  });

  it('throws instead of guessing on an undocumented status or a system error', async () => {
    answer('invalid-query-unknown-status');
    await expect(adapter.query(p)).rejects.toThrow();
    answer('server-error');
    await expect(adapter.query(p)).rejects.toThrow(/UNKNOWN_SYSTEM_ERROR/);
  });
});

describe('ShouqianbaAdapter.cancel (撤单)', () => {
  const p = samplePayment();

  it.each([
    ['cancel-success', { outcome: 'canceled' }],
    ['cancel-abort-success', { outcome: 'canceled' }],
    ['cancel-error', { outcome: 'needs_review', failure: { code: 'UNEXPECTED_PROVIDER_ERROR' } }],
    ['cancel-abort-error', { outcome: 'needs_review' }],
    ['query-not-exists', { outcome: 'not_found' }],
  ])('maps %s', async (name, expected) => {
    const sent = answer(name);
    expect(await adapter.cancel(p)).toMatchObject(expected);
    expect(sent.at(0)?.url).toBe('http://sqb.test/upay/v2/cancel');
  });

  it('reports a cancel refused for the order state as refused_state (the payer may just have paid)', async () => {
    answer('cancel-invalid-state');
    expect(await adapter.cancel(p)).toMatchObject({
      outcome: 'refused_state',
      failure: { code: 'UPAY_CANCEL_INVALID_ORDER_STATE' },
    });
  });

  it('answers a top-level error to a cancel as the provider error it is', async () => {
    answer('client-error-invalid-params');
    await expect(adapter.cancel(p)).rejects.toBeInstanceOf(ProviderError);
  });

  it('sends a cancel with no answer to needs_review', async () => {
    answer({ error: reset });
    expect(await adapter.cancel(p)).toMatchObject({ outcome: 'needs_review', reason: 'cancel_unknown' });
  });
});

describe('ShouqianbaAdapter.refund', () => {
  const p = samplePayment({ status: 'paid', providerRefs: { sn: '7894259244067349' } });
  const refund: Refund = {
    id: 'ref_01TEST0000000000000000000',
    object: 'refund',
    paymentId: p.id,
    amount: 300,
    refundNo: null,
    reason: null,
    operator: null,
    status: 'pending',
    failure: null,
    createdAt: p.createdAt,
    updatedAt: p.createdAt,
  };

  it('sends sn, client_sn, a stable refund_request_no and the amount in fen', async () => {
    const sent = answer('refund-success');
    expect(await adapter.refund(p, refund)).toEqual({ outcome: 'succeeded' });
    expect(sent.at(0)?.body).toEqual({
      terminal_sn: config.terminalSn,
      sn: '7894259244067349',
      client_sn: p.id,
      refund_request_no: refund.id,
      refund_amount: '300',
      operator: 'desk-1',
    });
    const withNo = answer('refund-success');
    await adapter.refund(p, { ...refund, refundNo: 'R-1', operator: 'desk-9' });
    expect(withNo.at(0)?.body).toMatchObject({ refund_request_no: 'R-1', operator: 'desk-9' });
  });

  it.each([
    ['refund-error', 'pending'],
    ['refund-conflict', 'failed'],
    ['server-error', 'failed'],
    ['client-error-invalid-params', 'failed'],
  ])('maps %s to %s', async (name, outcome) => {
    answer(name);
    expect((await adapter.refund(p, refund)).outcome).toBe(outcome);
  });
});

describe('ShouqianbaAdapter.checkCreate', () => {
  it('refuses amounts over 10 digits and subjects over 64 characters', () => {
    expect(() => adapter.checkCreate(samplePayment({ amount: 10_000_000_000 }))).toThrow(/10 digits/);
    expect(() => adapter.checkCreate(samplePayment({ subject: 'x'.repeat(65) }))).toThrow(/64/);
    expect(() => adapter.checkCreate(samplePayment({ subject: '书'.repeat(64) }))).not.toThrow();
  });
});
