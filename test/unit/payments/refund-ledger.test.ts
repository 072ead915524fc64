import { describe, expect, it } from 'vitest';
import { refundable } from '../../../lib/domain/payment';
import { escalateStaleRefunds, newRefund, reserveRefund, settleRefund } from '../../../lib/payments/refund-ledger';
import { samplePayment } from '../../support/payments';

const t0 = '2026-01-01T00:00:00.000Z';
const later = (ms: number) => new Date(Date.parse(t0) + ms).toISOString();

describe('refund ledger', () => {
  const paid = samplePayment({ status: 'paid', amount: 1000 });
  const refund = newRefund(paid, { amount: 400 }, t0);
  const reserved = reserveRefund(paid, refund, t0);

  it('reserves the amount so it counts as refunded until settled', () => {
    expect(refundable(reserved)).toBe(600);
    expect(reserved.events.at(-1)).toMatchObject({ type: 'refund.pending' });
  });

  it('books success, releases failure, keeps needs_review reserved', () => {
    expect(settleRefund(reserved, refund.id, 'succeeded', 'api', t0)).toMatchObject({
      status: 'partially_refunded',
      amountRefunded: 400,
      amountRefundPending: 0,
    });
    expect(settleRefund(reserved, refund.id, 'failed', 'api', t0)).toMatchObject({
      status: 'paid',
      amountRefundPending: 0,
    });
    expect(refundable(settleRefund(reserved, refund.id, 'needs_review', 'api', t0))).toBe(600);
  });

  it('sends a refund no answer settled within a day to review, with its payment', () => {
    expect(escalateStaleRefunds(reserved, 'reconciler', later(23 * 3600_000), true)).toBe(reserved);
    const escalated = escalateStaleRefunds(reserved, 'reconciler', later(24 * 3600_000), true);
    expect(escalated).toMatchObject({ status: 'needs_review', reviewReason: 'refund_unsettled' });
    expect(escalated.refunds[0]).toMatchObject({ status: 'needs_review', failure: { code: 'REFUND_UNSETTLED' } });
    expect(refundable(escalated)).toBe(600);
  });

  it('sends a refund no provider answer can settle to review as soon as its call has ended (refund_unknown)', () => {
    const ended = { ...reserved, refunds: reserved.refunds.map((r) => ({ ...r, callEndedAt: later(1000) })) };
    expect(escalateStaleRefunds(ended, 'reconciler', later(1000), false)).toBe(ended);
    const escalated = escalateStaleRefunds(ended, 'reconciler', later(2000), false);
    expect(escalated).toMatchObject({ status: 'needs_review', reviewReason: 'refund_unknown' });
    expect(refundable(escalated)).toBe(600);
  });
});
