import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Payment, Refund } from '../../../lib/domain/payment';
import { isStickyReview, reviewReasons } from '../../../lib/domain/review';
import { canTransition, paymentStatuses } from '../../../lib/domain/status';
import { applyReport } from '../../../lib/payments/apply-report';
import { newRefund, reserveRefund } from '../../../lib/payments/refund-ledger';
import type { QueryOutcome } from '../../../lib/providers/provider';
import { samplePayment } from '../../support/payments';

const at = '2026-01-01T01:00:00.000Z';
const reported = paymentStatuses.filter((s) => s !== 'created');
const moneyStatuses: readonly string[] = ['paid', 'partially_refunded', 'refunded'];

/** A stored payment in any status, with a review reason when in review, and pending refunds where money is held. */
const storedPayment = fc
  .record({
    provider: fc.constantFrom('tcc', 'zhixiao', 'shouqianba' as const),
    status: fc.constantFrom(...paymentStatuses),
    reviewReason: fc.option(fc.constantFrom(...reviewReasons), { nil: null }),
    amount: fc.integer({ min: 1, max: 100_000 }),
    refunded: fc.nat(100),
    pending: fc.array(fc.record({ share: fc.integer({ min: 1, max: 100 }), ended: fc.boolean() }), { maxLength: 3 }),
    notify: fc.boolean(),
  })
  .map(({ provider, status, reviewReason, amount, refunded, pending, notify }): Payment => {
    const amountRefunded =
      status === 'partially_refunded'
        ? Math.min(amount - 1, Math.floor((amount * refunded) / 100))
        : status === 'refunded'
          ? amount
          : 0;
    let p = samplePayment({
      provider,
      status,
      amount,
      amountRefunded,
      reviewReason: status === 'needs_review' ? reviewReason : null,
      notifyUrl: notify ? 'https://caller.example/hook' : null,
    });
    if (status === 'paid' || status === 'partially_refunded' || status === 'needs_review') {
      for (const { share, ended } of pending) {
        const amt = Math.floor(((amount - p.amountRefunded - p.amountRefundPending) * share) / 100);
        if (amt < 1) continue;
        const r: Refund = {
          ...newRefund(p, { amount: amt }, '2026-01-01T00:00:00.000Z'),
          callEndedAt: ended ? '2026-01-01T00:30:00.000Z' : null,
        };
        p = reserveRefund(p, r, '2026-01-01T00:00:00.000Z');
      }
    }
    return { ...p, events: [], outbox: [] };
  });

const report: fc.Arbitrary<QueryOutcome> = fc.oneof(
  fc.constant({ found: false } as const),
  fc
    .record({
      found: fc.constant(true as const),
      status: fc.constantFrom(...reported),
      refs: fc.constant({}),
      refundedAmount: fc.option(fc.nat(100_000), { nil: undefined }),
    })
    .map((r) => (r.refundedAmount === undefined ? { found: true as const, status: r.status, refs: {} } : r)),
);

describe('the apply rules, for every provider, stored status, review reason and report', () => {
  it('only make legal moves, never accept money after a cancel, never leave a sticky review, never over-refund', () => {
    fc.assert(
      fc.property(
        storedPayment,
        report,
        fc.boolean(),
        fc.boolean(),
        fc.constantFrom('poller', 'webhook', 'reconciler', 'api' as const),
        (p, r, reportsRefunds, watchesAfterClose, source) => {
          const next = applyReport(p, r, { source, at, askedAt: at, reportsRefunds, watchesAfterClose });
          const said = r.found ? r.status : 'not_found';

          expect(next.status === p.status || canTransition(p.status, next.status)).toBe(true);
          for (const e of next.events) {
            if (e.type === `payment.${e.to}` && e.from !== e.to) {
              expect(canTransition(e.from as never, e.to as never)).toBe(true);
            }
          }
          if (p.status === 'canceled' && moneyStatuses.includes(said)) {
            expect(next).toMatchObject({ status: 'needs_review', reviewReason: 'paid_after_cancel' });
          }
          if (p.status === 'needs_review' && isStickyReview(p.reviewReason)) {
            expect(next.status).toBe('needs_review');
            expect(next.outbox ?? []).toHaveLength(0);
          }
          if (next.status === 'needs_review' && p.status !== 'needs_review') {
            expect(reviewReasons).toContain(next.reviewReason);
          }
          if (moneyStatuses.includes(p.status) || p.status === 'needs_review') {
            expect(['pending', 'created']).not.toContain(next.status);
          }
          if (p.status === 'paid' || p.status === 'partially_refunded') {
            expect(['failed', 'canceled']).not.toContain(next.status);
          }
          expect(next.amountRefunded + next.amountRefundPending).toBeLessThanOrEqual(next.amount);
          expect(next.amountRefundPending).toBeGreaterThanOrEqual(0);
          const notified = new Set((next.outbox ?? []).map((o) => o.eventId));
          for (const e of next.events.filter((x) => notified.has(x.id) && x.type.startsWith('payment.'))) {
            expect(e.from !== e.to || e.to === 'partially_refunded').toBe(true);
          }
        },
      ),
      { numRuns: 3000 },
    );
  });
});
