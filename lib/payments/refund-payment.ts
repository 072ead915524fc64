import { InvalidStateError, NotFoundError, RefundExceedsRefundableError } from '../domain/errors';
import { type Payment, type Refund, refundable } from '../domain/payment';
import type { RefundOutcome } from '../providers/provider';
import { nowIso, type PaymentDeps, providerFor } from './deps';
import { newRefund, reserveRefund, settleRefund } from './refund-ledger';

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

/**
 * Reserves the amount on the payment with the version lock (so concurrent refunds can never exceed it), calls the
 * provider with a stable refund number, then settles the reservation.
 */
export const createRefund = async (
  deps: PaymentDeps,
  tenantId: string,
  paymentId: string,
  input: CreateRefundInput,
): Promise<CreateRefundResult> => {
  const found = await deps.repo.getForTenant(paymentId, tenantId);
  if (!found) throw new NotFoundError('payment');
  const provider = providerFor(deps, found.provider);

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

  let outcome: RefundOutcome;
  try {
    outcome = await provider.refund(reserved, reservedRefund);
  } catch (error) {
    deps.logger.error('refund call ended without an answer; it stays pending', { paymentId, error });
    outcome = { outcome: 'pending', reason: (error as Error).message };
  }
  if (outcome.outcome === 'pending') return { refund: reservedRefund, statusCode: 202 };

  const settled = await deps.repo.mutate(paymentId, (p) =>
    outcome.outcome === 'succeeded'
      ? settleRefund(p, reservedRefund.id, 'succeeded', 'api', nowIso(deps))
      : settleRefund(p, reservedRefund.id, 'failed', 'api', nowIso(deps), outcome.failure),
  );
  const final = settled.refunds.find((r) => r.id === reservedRefund.id) ?? reservedRefund;
  return { refund: final, statusCode: 201 };
};
