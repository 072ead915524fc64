import { describe, expect, it } from 'vitest';
import { paymentIdOf, requestLine } from '../../../local/request-log';

describe('requestLine', () => {
  it('prints method, path, status and whole milliseconds, then the payment id when there is one', () => {
    expect(requestLine({ method: 'GET', path: '/health', status: 200, ms: 2.4, paymentId: undefined })).toBe(
      'GET /health 200 2 ms',
    );
    expect(requestLine({ method: 'POST', path: '/v1/payments', status: 201, ms: 13.6, paymentId: 'pay_01A' })).toBe(
      'POST /v1/payments 201 14 ms pay_01A',
    );
  });
});

describe('paymentIdOf', () => {
  it('takes the id of a /v1/payments/{id} route from the path, whatever the answer', () => {
    expect(paymentIdOf('/v1/payments/{id}/refunds', { id: 'pay_01A' }, '{"type":"about:blank"}')).toBe('pay_01A');
    expect(paymentIdOf('/v1/payments/{id}', { id: 'pay_01B' }, '')).toBe('pay_01B');
  });

  it('takes the id of a payment answer and the paymentId of a refund answer', () => {
    expect(paymentIdOf('/v1/payments', {}, '{"id":"pay_01C","object":"payment"}')).toBe('pay_01C');
    expect(paymentIdOf('/v1/reconciliations', {}, '{"id":"re_01","object":"refund","paymentId":"pay_01D"}')).toBe(
      'pay_01D',
    );
  });

  it('names no payment for lists, other objects, errors, plain text or an unmatched route', () => {
    expect(paymentIdOf('/v1/payments', {}, '{"data":[{"id":"pay_01E","object":"payment"}]}')).toBeUndefined();
    expect(paymentIdOf('/v1/capabilities', {}, '{"id":"cap","object":"capabilities"}')).toBeUndefined();
    expect(paymentIdOf('/v1/payments', {}, '{"type":"about:blank","status":400}')).toBeUndefined();
    expect(paymentIdOf('/webhooks/zhixiao', {}, 'success')).toBeUndefined();
    expect(paymentIdOf(undefined, {}, 'null')).toBeUndefined();
  });
});
