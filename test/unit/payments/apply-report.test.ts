import { describe, expect, it } from 'vitest';
import type { Payment } from '../../../lib/domain/payment';
import { applyReport, type ReportContext } from '../../../lib/payments/apply-report';
import { newRefund, reserveRefund } from '../../../lib/payments/refund-ledger';
import type { QueryOutcome } from '../../../lib/providers/provider';
import { samplePayment } from '../../support/payments';

const at = '2026-01-01T00:10:00.000Z';
const ctx = (over: Partial<ReportContext> = {}): ReportContext => ({
  source: 'poller',
  at,
  askedAt: at,
  reportsRefunds: true,
  watchesAfterClose: true,
  ...over,
});
const said = (status: Extract<QueryOutcome, { found: true }>['status'], extra = {}): QueryOutcome => ({
  found: true,
  status,
  refs: {},
  ...extra,
});
const inReview = (reason: Payment['reviewReason'], over: Partial<Payment> = {}) =>
  samplePayment({ status: 'needs_review', reviewReason: reason, ...over });

describe('applyReport', () => {
  it('fails a waiting payment only on proof that the provider holds no such order', () => {
    const next = applyReport(samplePayment({ status: 'pending' }), { found: false }, ctx());
    expect(next).toMatchObject({ status: 'failed', failure: { code: 'ORDER_NOT_FOUND' } });
  });

  it('takes no "no such order" asked before the create call ended as proof: the create may not have arrived yet', () => {
    const created = samplePayment({ status: 'pending', createCallEndedAt: '2026-01-01T00:09:00.000Z' });
    const before = ctx({ askedAt: '2026-01-01T00:08:59.000Z' });
    const unmoved = applyReport(created, { found: false }, before);
    expect(unmoved.status).toBe('pending');
    expect(unmoved.events).toEqual(created.events);
    expect(applyReport(created, { found: false }, ctx()).status).toBe('failed');
    // A call whose end was never recorded has ended once the longest call could have run.
    const lost = samplePayment({ status: 'created', createdAt: '2026-01-01T00:08:00.000Z' });
    expect(applyReport(lost, { found: false }, ctx()).status).toBe('created');
    expect(applyReport(lost, { found: false }, ctx({ askedAt: '2026-01-01T00:13:01.000Z' })).status).toBe('failed');
  });

  it('moves pending → paid with the provider refs and paidAt, as one event', () => {
    const next = applyReport(
      samplePayment({ status: 'pending' }),
      said('paid', { refs: { sn: 'S1' }, paidAt: '2026-01-01T00:00:30.000Z' }),
      ctx(),
    );
    expect(next).toMatchObject({ status: 'paid', paidAt: '2026-01-01T00:00:30.000Z', providerRefs: { sn: 'S1' } });
    expect(next.events).toHaveLength(1);
    expect(next.events[0]).toMatchObject({ type: 'payment.paid', source: 'poller', from: 'pending' });
  });

  it('writes nothing when the provider repeats what it said last', () => {
    const p = samplePayment({ status: 'paid', providerRefs: { sn: 'S1' }, providerReport: { status: 'paid', at } });
    expect(applyReport(p, said('paid', { refs: { sn: 'S1' } }), ctx({ reportsRefunds: false }))).toBe(p);
  });

  it('sends money reported after a cancel to needs_review (paid_after_cancel) and ends the watch', () => {
    const p = samplePayment({ status: 'canceled', cancelReason: 'timeout', watch: { closedAt: at, checks: 2 } });
    const next = applyReport(p, said('paid'), ctx({ source: 'reconciler' }));
    expect(next).toMatchObject({ status: 'needs_review', reviewReason: 'paid_after_cancel', watch: null });
    expect(next.events.at(-1)?.data).toMatchObject({ reason: 'paid_after_cancel' });
  });

  it('calls a provider-side reversal of a paid payment reversed_after_paid', () => {
    const next = applyReport(samplePayment({ status: 'paid' }), said('canceled'), ctx({ source: 'api' }));
    expect(next).toMatchObject({ status: 'needs_review', reviewReason: 'reversed_after_paid' });
  });

  it('keeps a disagreement review through any later report, recording each new report once, notifying nothing', () => {
    const p = inReview('paid_after_cancel', { notifyUrl: 'https://caller.example/hook' });
    const once = applyReport(p, said('paid'), ctx({ source: 'webhook' }));
    expect(once.status).toBe('needs_review');
    expect(once.events.at(-1)).toMatchObject({ type: 'payment.provider_reported', data: { providerStatus: 'paid' } });
    expect(once.outbox ?? []).toHaveLength(0);
    expect(applyReport(once, said('paid'), ctx({ source: 'webhook' }))).toBe(once);
  });

  it('keeps a refund_unsettled review when the provider reports the payment partly refunded', () => {
    const paid = samplePayment({ status: 'paid', amount: 1000 });
    const reserved = reserveRefund(paid, newRefund(paid, { amount: 300 }, at), at);
    const p = { ...reserved, status: 'needs_review' as const, reviewReason: 'refund_unsettled' as const };
    const next = applyReport(p, said('partially_refunded', { refundedAmount: 300 }), ctx());
    expect(next.status).toBe('needs_review');
    expect(next.amountRefunded).toBe(0);
  });

  it('settles an unknown-outcome review on proof: paid, failed, no such order', () => {
    expect(applyReport(inReview('cancel_unknown'), said('paid'), ctx()).status).toBe('paid');
    expect(applyReport(inReview('poller_error'), said('failed'), ctx()).status).toBe('failed');
    expect(applyReport(inReview('pay_unknown'), { found: false }, ctx()).status).toBe('failed');
    expect(applyReport(inReview('cancel_unknown'), said('pending'), ctx()).status).toBe('needs_review');
  });

  it('takes "paid" as agreement with our refunds where the query does not report refunds (Zhixiao)', () => {
    const p = samplePayment({ status: 'partially_refunded', amountRefunded: 300 });
    const next = applyReport(p, said('paid'), ctx({ reportsRefunds: false }));
    expect(next.status).toBe('partially_refunded');
  });

  it('settles a pending refund once the provider shows it, and fails one its books show did not happen', () => {
    const paid = samplePayment({ status: 'paid', amount: 1000 });
    const refund = { ...newRefund(paid, { amount: 400 }, at), callEndedAt: '2026-01-01T00:09:00.000Z' };
    const reserved = reserveRefund(paid, refund, at);
    const settled = applyReport(reserved, said('partially_refunded', { refundedAmount: 400 }), ctx());
    expect(settled).toMatchObject({ status: 'partially_refunded', amountRefunded: 400, amountRefundPending: 0 });
    const failed = applyReport(reserved, said('paid', { refundedAmount: 0 }), ctx());
    expect(failed).toMatchObject({ status: 'paid', amountRefundPending: 0 });
    expect(failed.refunds[0]).toMatchObject({ status: 'failed', failure: { code: 'REFUND_NOT_AT_PROVIDER' } });
  });

  it('never fails a refund whose call had not ended when the provider was asked', () => {
    const paid = samplePayment({ status: 'paid', amount: 1000 });
    const reserved = reserveRefund(paid, newRefund(paid, { amount: 400 }, at), at);
    const next = applyReport(reserved, said('paid', { refundedAmount: 0 }), ctx());
    expect(next.refunds[0]?.status).toBe('pending');
    expect(next.amountRefundPending).toBe(400);
  });

  it('books only the refunds a total certainly holds when several are pending', () => {
    const paid = samplePayment({ status: 'paid', amount: 1000 });
    const ended = '2026-01-01T00:05:00.000Z';
    const a = { ...newRefund(paid, { amount: 300 }, at), callEndedAt: ended };
    const b = { ...newRefund(paid, { amount: 500 }, at), callEndedAt: ended };
    const reserved = reserveRefund(reserveRefund(paid, a, at), b, at);
    const next = applyReport(reserved, said('partially_refunded', { refundedAmount: 500 }), ctx());
    expect(next.refunds.map((r) => r.status)).toEqual(['failed', 'succeeded']);
    expect(next).toMatchObject({ amountRefunded: 500, amountRefundPending: 0 });
  });

  it('reads a bare "refunded" (TCC) against the payment as it stands when applied, not as it was when asked', () => {
    const paid = samplePayment({ status: 'paid', amount: 1000 });
    const reserved = reserveRefund(paid, newRefund(paid, { amount: 1000 }, at), at);
    const settled = applyReport(reserved, said('refunded'), ctx());
    expect(settled).toMatchObject({ status: 'refunded', amountRefunded: 1000, amountRefundPending: 0 });
    expect(applyReport(paid, said('refunded'), ctx())).toMatchObject({ reviewReason: 'provider_disagrees' });
  });

  it('watches an order the provider closed, where money can still arrive after a close', () => {
    const next = applyReport(samplePayment({ status: 'pending' }), said('canceled'), ctx());
    expect(next).toMatchObject({ status: 'canceled', cancelReason: 'provider', watch: { closedAt: at, checks: 0 } });
    expect(
      applyReport(samplePayment({ status: 'pending' }), said('canceled'), ctx({ watchesAfterClose: false })).watch,
    ).toBeUndefined();
  });

  it('sends a refunded total no refund of ours explains to review', () => {
    const next = applyReport(
      samplePayment({ status: 'paid' }),
      said('partially_refunded', { refundedAmount: 100 }),
      ctx(),
    );
    expect(next).toMatchObject({ status: 'needs_review', reviewReason: 'provider_disagrees' });
  });
});
