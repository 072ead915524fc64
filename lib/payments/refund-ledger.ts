import { newId } from '../domain/ids';
import type { EventSource, Failure, Payment, Refund } from '../domain/payment';
import { canTransition, type RefundStatus } from '../domain/status';
import { appendEvent, transition } from '../domain/transition';

/** Reserves `refund.amount` on the payment: it counts as refunded until the provider's answer settles it. */
export const reserveRefund = (p: Payment, refund: Refund, at: string): Payment =>
  appendEvent(
    {
      ...p,
      refunds: [...p.refunds, refund],
      amountRefundPending: p.amountRefundPending + refund.amount,
      updatedAt: at,
    },
    {
      type: 'refund.pending',
      source: 'api',
      at,
      from: null,
      to: 'pending',
      data: { refundId: refund.id, amount: refund.amount },
    },
  );

/**
 * Settles a pending refund: success moves the amount to `amountRefunded` and the payment to
 * `partially_refunded`/`refunded`; failure releases the reservation; `needs_review` keeps it reserved.
 */
export const settleRefund = (
  p: Payment,
  refundId: string,
  to: Exclude<RefundStatus, 'pending'>,
  source: EventSource,
  at: string,
  failure: Failure | null = null,
): Payment => {
  const refund = p.refunds.find((r) => r.id === refundId);
  if (refund?.status !== 'pending') return p;
  const refunds = p.refunds.map((r) => (r.id === refundId ? { ...r, status: to, failure, updatedAt: at } : r));
  const released = to === 'needs_review' ? 0 : refund.amount;
  let next: Payment = {
    ...p,
    refunds,
    amountRefundPending: p.amountRefundPending - released,
    amountRefunded: p.amountRefunded + (to === 'succeeded' ? refund.amount : 0),
    updatedAt: at,
  };
  next = appendEvent(next, {
    type: `refund.${to}`,
    source,
    at,
    from: 'pending',
    to,
    data: { refundId, amount: refund.amount, ...(failure ? { failure } : {}) },
  });
  if (to === 'succeeded') {
    next = transition(next, {
      to: next.amountRefunded === next.amount ? 'refunded' : 'partially_refunded',
      source,
      at,
      data: { refundId, amountRefunded: next.amountRefunded },
    });
  }
  return next;
};

/** Marks pending refunds succeeded, oldest first, as far as the provider's refunded total covers them. */
export const settlePendingRefunds = (
  p: Payment,
  providerRefunded: number,
  source: EventSource,
  at: string,
): Payment => {
  let next = p;
  let uncovered = providerRefunded - p.amountRefunded;
  for (const r of p.refunds) {
    if (r.status !== 'pending' || r.amount > uncovered) continue;
    uncovered -= r.amount;
    next = settleRefund(next, r.id, 'succeeded', source, at);
  }
  return next;
};

export const newRefund = (
  p: Payment,
  input: { amount: number; refundNo?: string | undefined; reason?: string | undefined; operator?: string | undefined },
  at: string,
): Refund => ({
  id: newId('ref', Date.parse(at)),
  object: 'refund',
  paymentId: p.id,
  amount: input.amount,
  refundNo: input.refundNo ?? null,
  reason: input.reason ?? null,
  operator: input.operator ?? null,
  status: 'pending',
  failure: null,
  createdAt: at,
  updatedAt: at,
});

/** A refund whose outcome no provider answer has settled for this long goes to a person. */
export const refundSettleWithinMs = 24 * 60 * 60 * 1000;

/**
 * Refunds still `pending` a day after they were asked for are marked `needs_review`, and so is their payment: the
 * amount stays reserved, so nothing else can be refunded against it until a person decides.
 */
export const escalateStaleRefunds = (p: Payment, source: EventSource, at: string): Payment => {
  const stale = p.refunds.filter(
    (r) => r.status === 'pending' && Date.parse(at) - Date.parse(r.createdAt) >= refundSettleWithinMs,
  );
  if (!stale.length) return p;
  let next = p;
  for (const r of stale) {
    next = settleRefund(next, r.id, 'needs_review', source, at, {
      code: 'REFUND_UNSETTLED',
      message: 'No provider answer settled this refund within a day.',
    });
  }
  return canTransition(next.status, 'needs_review')
    ? transition(next, {
        to: 'needs_review',
        source,
        at,
        data: { reason: 'refund_unsettled', refunds: stale.map((r) => r.id) },
      })
    : next;
};
