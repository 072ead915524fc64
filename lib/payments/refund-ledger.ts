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
 * Settles a pending refund: success moves the amount to `amountRefunded` and a paid payment to
 * `partially_refunded`/`refunded`; failure releases the reservation; `needs_review` keeps it reserved. A payment in
 * review keeps its status: the person's resolve decides it.
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
  const next = appendEvent(
    {
      ...p,
      refunds,
      amountRefundPending: p.amountRefundPending - released,
      amountRefunded: p.amountRefunded + (to === 'succeeded' ? refund.amount : 0),
      updatedAt: at,
    },
    {
      type: `refund.${to}`,
      source,
      at,
      from: 'pending',
      to,
      data: { refundId, amount: refund.amount, ...(failure ? { failure } : {}) },
    },
  );
  if (to !== 'succeeded' || next.status === 'needs_review') return next;
  return transition(next, {
    to: next.amountRefunded === next.amount ? 'refunded' : 'partially_refunded',
    source,
    at,
    data: { refundId, amountRefunded: next.amountRefunded },
  });
};

/**
 * A refund call cannot run longer than this (the provider timeout, inside the function's own timeout): a refund
 * created longer ago whose end was never recorded (the process died) has ended too.
 */
export const refundCallWindowMs = 5 * 60 * 1000;

/** The refund's provider call ended before `askedAt`, so a provider answer sent then accounts for it. */
export const callEndedBefore = (r: Refund, askedAt: string): boolean =>
  r.callEndedAt ? r.callEndedAt < askedAt : Date.parse(r.createdAt) + refundCallWindowMs < Date.parse(askedAt);

/** More pending refunds than this on one payment are left for the refund rules rather than matched by subsets. */
const maxMatchedRefunds = 12;

/**
 * Which pending refunds a provider's refunded total is made of: every subset of them that adds up to what the
 * provider refunded beyond what we already booked. A refund in every such subset certainly happened; one in none
 * did not. Undefined when no subset adds up (the provider and we disagree).
 */
const explainTotal = (
  pending: Refund[],
  uncovered: number,
): { inAll: Set<string>; inSome: Set<string> } | undefined => {
  const n = Math.min(pending.length, maxMatchedRefunds);
  let inAll: Set<string> | undefined;
  const inSome = new Set<string>();
  for (let mask = 0; mask < 1 << n; mask++) {
    const subset = pending.slice(0, n).filter((_, i) => mask & (1 << i));
    if (subset.reduce((sum, r) => sum + r.amount, 0) !== uncovered) continue;
    const ids = new Set(subset.map((r) => r.id));
    for (const id of ids) inSome.add(id);
    inAll = inAll ? new Set([...inAll].filter((id) => ids.has(id))) : ids;
  }
  if (!inAll) return undefined;
  // Refunds beyond the matched ones are never judged failed from a total they were not part of.
  for (const r of pending.slice(n)) inSome.add(r.id);
  return { inAll, inSome };
};

/**
 * Settles pending refunds from the provider's books (its refunded total for the order): those the total certainly
 * holds succeed; those it certainly does not hold fail and release their reservation, but only when their call
 * ended before the provider was asked. `agrees` is false when no set of our refunds explains the provider's total.
 */
export const settleRefundsFromBooks = (
  p: Payment,
  providerRefunded: number,
  source: EventSource,
  at: string,
  askedAt: string,
): { payment: Payment; agrees: boolean } => {
  const pending = p.refunds.filter((r) => r.status === 'pending');
  const explained = explainTotal(pending, providerRefunded - p.amountRefunded);
  if (!explained) return { payment: p, agrees: false };
  let next = p;
  for (const r of pending) {
    if (explained.inAll.has(r.id)) next = settleRefund(next, r.id, 'succeeded', source, at);
    else if (!explained.inSome.has(r.id) && callEndedBefore(r, askedAt)) {
      next = settleRefund(next, r.id, 'failed', source, at, {
        code: 'REFUND_NOT_AT_PROVIDER',
        message: "The provider's books show this refund did not happen.",
      });
    }
  }
  return { payment: next, agrees: true };
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
 * Sends unsettled refunds to a person, with their payment: at a provider whose answers can settle a refund (its
 * query, or the same request sent again), after a day (`refund_unsettled`); at one whose answers never can, as soon
 * as the call has ended without an answer (`refund_unknown`). The amount stays reserved, so nothing else can be
 * refunded against it until a person decides.
 */
export const escalateStaleRefunds = (p: Payment, source: EventSource, at: string, canSettle: boolean): Payment => {
  const stale = p.refunds.filter(
    (r) =>
      r.status === 'pending' &&
      (canSettle ? Date.parse(at) - Date.parse(r.createdAt) >= refundSettleWithinMs : callEndedBefore(r, at)),
  );
  if (!stale.length) return p;
  return escalateRefunds(p, stale, source, at, canSettle ? 'refund_unsettled' : 'refund_unknown');
};

/** Marks these pending refunds `needs_review` and moves their payment to review with `reason`. */
export const escalateRefunds = (
  p: Payment,
  refunds: Refund[],
  source: EventSource,
  at: string,
  reason: 'refund_unsettled' | 'refund_unknown',
): Payment => {
  let next = p;
  for (const r of refunds) {
    next = settleRefund(next, r.id, 'needs_review', source, at, {
      code: reason.toUpperCase(),
      message:
        reason === 'refund_unknown'
          ? 'The refund call ended without an answer, and no provider answer can settle it.'
          : 'No provider answer settled this refund within a day.',
    });
  }
  return canTransition(next.status, 'needs_review')
    ? transition(next, { to: 'needs_review', source, at, data: { reason, refunds: refunds.map((r) => r.id) } })
    : next;
};
