import { InvalidStateError, NotFoundError, RefundExceedsRefundableError } from '../domain/errors';
import { type EventSource, type Payment, type Refund, refundable } from '../domain/payment';
import type { PaymentProvider, RefundOutcome } from '../providers/provider';
import { nowIso, type PaymentDeps, providerOf } from './deps';
import { recordAfterCall } from './record-after-call';
import { escalateRefunds, newRefund, reserveRefund, settleRefund } from './refund-ledger';

export interface CreateRefundInput {
  amount?: number | undefined;
  refundNo?: string | undefined;
  reason?: string | undefined;
  operator?: string | undefined;
}

export interface CreateRefundResult {
  refund: Refund;
  /** 201 for a new refund with a known outcome, 202 while pending, 200 when `refundNo` named an existing one. */
  statusCode: 200 | 201 | 202;
}

const refundableStatuses: readonly string[] = ['paid', 'partially_refunded'];

/** Refuses what cannot be refunded; returns the amount to refund. */
const checkRefundable = (p: Payment, requested: number | undefined): number => {
  if (!refundableStatuses.includes(p.status)) {
    throw new InvalidStateError(`A ${p.status} payment cannot be refunded.`);
  }
  const left = refundable(p);
  const amount = requested ?? left;
  if (amount < 1 || amount > left) throw new RefundExceedsRefundableError(amount, left);
  return amount;
};

/** The provider can settle a pending refund later: its query reports refunds, or a repeated request is safe. */
const canSettleRefunds = (provider: PaymentProvider): boolean =>
  provider.queryReportsRefunds || provider.refundRepeatIsSafe;

/**
 * Records what a refund call came to: the time its call ended (so later provider answers account for it), and a
 * definite outcome settles it. No answer leaves it pending where a later provider answer can settle it, and sends
 * it to a person at once where none ever can.
 */
export const applyRefundOutcome = async (
  deps: PaymentDeps,
  payment: Payment,
  refundId: string,
  outcome: RefundOutcome,
  source: EventSource,
): Promise<Payment> => {
  const canSettle = canSettleRefunds(await providerOf(deps, payment));
  return deps.repo.mutate(payment.id, (p) => {
    const at = nowIso(deps);
    const ended: Payment = {
      ...p,
      refunds: p.refunds.map((r) => (r.id === refundId && r.status === 'pending' ? { ...r, callEndedAt: at } : r)),
    };
    const refund = ended.refunds.find((r) => r.id === refundId);
    if (refund?.status !== 'pending') return p;
    switch (outcome.outcome) {
      case 'succeeded':
        return settleRefund(ended, refundId, 'succeeded', source, at);
      case 'failed':
        return settleRefund(ended, refundId, 'failed', source, at, outcome.failure);
      case 'pending':
        return canSettle ? ended : escalateRefunds(ended, [refund], source, at, 'refund_unknown');
    }
  });
};

/**
 * Reserves the amount on the payment with the version lock (so concurrent refunds can never exceed it), hands the
 * reserved refund to `onReserved` (the caller's Idempotency-Key then answers with it whatever happens next), calls
 * the provider with the refund's fixed request number, then settles the reservation.
 */
export const createRefund = async (
  deps: PaymentDeps,
  tenantId: string,
  paymentId: string,
  input: CreateRefundInput,
  onReserved: (refund: Refund) => Promise<void> = async () => {},
): Promise<CreateRefundResult> => {
  const found = await deps.repo.getForTenant(paymentId, tenantId);
  if (!found) throw new NotFoundError('payment');
  const provider = await providerOf(deps, found);

  let existing: Refund | undefined;
  let refund: Refund | undefined;
  const reserved = await deps.repo.mutate(paymentId, (p) => {
    existing = input.refundNo ? p.refunds.find((r) => r.refundNo === input.refundNo) : undefined;
    if (existing) return p;
    const amount = checkRefundable(p, input.amount);
    provider.checkRefund(p, amount, deps.clock());
    const at = nowIso(deps);
    refund = newRefund(p, { ...input, amount }, at);
    return reserveRefund(p, refund, at);
  });
  if (existing) return { refund: existing, statusCode: 200 };
  if (!refund) throw new Error('refund was not reserved');
  const reservedRefund = refund;
  await onReserved(reservedRefund);

  let outcome: RefundOutcome;
  try {
    outcome = await provider.refund(reserved, reservedRefund);
  } catch (error) {
    deps.logger.error('refund call ended without an answer; it stays pending', { paymentId, error });
    outcome = { outcome: 'pending', reason: (error as Error).message };
  }
  const { value: settled } = await recordAfterCall(
    deps,
    { paymentId, step: 'refund' },
    () => applyRefundOutcome(deps, reserved, reservedRefund.id, outcome, 'api'),
    reserved,
  );
  const final = settled.refunds.find((r) => r.id === reservedRefund.id) ?? reservedRefund;
  return { refund: final, statusCode: final.status === 'pending' || final.status === 'needs_review' ? 202 : 201 };
};
