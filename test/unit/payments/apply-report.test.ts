import { describe, expect, it } from 'vitest';
import { applyReport } from '../../../lib/payments/apply-report';
import { newRefund, reserveRefund } from '../../../lib/payments/refund-ledger';
import { samplePayment } from '../../support/payments';

const at = '2026-01-01T00:01:00.000Z';

describe('applyReport', () => {
  it('fails a waiting payment only on proof that the provider holds no such order', () => {
    const next = applyReport(samplePayment({ status: 'pending' }), { found: false }, 'poller', at);
    expect(next).toMatchObject({ status: 'failed', failure: { code: 'ORDER_NOT_FOUND' } });
    const paid = samplePayment({ status: 'paid' });
    expect(applyReport(paid, { found: false }, 'poller', at)).toBe(paid);
  });

  it('moves pending → paid with the provider refs and paidAt, as one event', () => {
    const next = applyReport(
      samplePayment({ status: 'pending' }),
      { found: true, status: 'paid', refs: { sn: 'S1' }, paidAt: '2026-01-01T00:00:30.000Z' },
      'poller',
      at,
    );
    expect(next).toMatchObject({ status: 'paid', paidAt: '2026-01-01T00:00:30.000Z', providerRefs: { sn: 'S1' } });
    expect(next.events).toHaveLength(1);
    expect(next.events[0]).toMatchObject({ type: 'payment.paid', source: 'poller', from: 'pending' });
  });

  it('changes nothing when the provider repeats what we hold', () => {
    const p = samplePayment({ status: 'paid', providerRefs: { sn: 'S1' } });
    expect(applyReport(p, { found: true, status: 'paid', refs: { sn: 'S1' } }, 'poller', at)).toBe(p);
  });

  it('sends money reported after a cancel to needs_review', () => {
    const p = samplePayment({ status: 'canceled', cancelReason: 'timeout' });
    const next = applyReport(p, { found: true, status: 'paid', refs: {} }, 'reconciler', at);
    expect(next.status).toBe('needs_review');
    expect(next.events.at(-1)?.data).toMatchObject({ reason: 'paid_after_cancel' });
  });

  it('flags a disagreement it cannot apply for review', () => {
    const p = samplePayment({ status: 'paid' });
    const next = applyReport(p, { found: true, status: 'canceled', refs: {} }, 'api', at);
    expect(next.status).toBe('needs_review');
  });

  it('settles a pending refund once the provider shows the money refunded', () => {
    const paid = samplePayment({ status: 'paid', amount: 1000 });
    const refund = newRefund(paid, { amount: 400 }, at);
    const reserved = reserveRefund(paid, refund, at);
    const still = applyReport(reserved, { found: true, status: 'paid', refs: {}, refundedAmount: 0 }, 'api', at);
    expect(still.refunds[0]?.status).toBe('pending');
    const settled = applyReport(
      reserved,
      { found: true, status: 'partially_refunded', refs: {}, refundedAmount: 400 },
      'reconciler',
      at,
    );
    expect(settled).toMatchObject({ status: 'partially_refunded', amountRefunded: 400, amountRefundPending: 0 });
    expect(settled.refunds[0]?.status).toBe('succeeded');
  });
});
