import { IllegalTransitionError, InvalidStateError, NotFoundError, ValidationError } from '../domain/errors';
import type { Payment } from '../domain/payment';
import type { PaymentStatus } from '../domain/status';
import { transition } from '../domain/transition';
import { nowIso, type PaymentDeps } from './deps';
import { settleRefund } from './refund-ledger';

export type Resolution = Extract<PaymentStatus, 'paid' | 'failed' | 'canceled' | 'refunded' | 'partially_refunded'>;
export type RefundFinding = 'succeeded' | 'failed';

export interface ResolveInput {
  status: Resolution;
  note: string;
  refunds?: Record<string, RefundFinding> | undefined;
}

/** Where the person names no finding for an open refund: money kept means it failed; money returned, it happened. */
const defaultFinding = (status: Resolution): RefundFinding =>
  status === 'refunded' || status === 'partially_refunded' ? 'succeeded' : 'failed';

const isOpenRefund = (status: string) => status === 'pending' || status === 'needs_review';

/** The amounts must agree with the status the person chose. */
const checkAmounts = (p: Payment, status: Resolution): void => {
  const refunded = p.amountRefunded;
  const ok =
    status === 'partially_refunded'
      ? refunded > 0 && refunded < p.amount
      : status === 'refunded'
        ? true
        : refunded === 0;
  if (!ok) {
    throw new InvalidStateError(
      `A payment with ${refunded} of ${p.amount} fen refunded cannot be resolved as ${status}; name each refund's finding in "refunds".`,
    );
  }
};

/**
 * A person's decision on a `needs_review` payment, within the transition table, recorded as an event with source
 * `operator` and the note. Every open refund (pending or in review) is settled first, by the finding named in
 * `refunds` or else by the chosen status (money kept → failed, money returned → succeeded); the amounts must then
 * agree with the status: `paid`, `failed` and `canceled` with nothing refunded, `partially_refunded` with part of
 * it. `refunded` books the whole amount as refunded (the person returned the rest outside).
 */
export const resolvePayment = async (
  deps: PaymentDeps,
  tenantId: string,
  paymentId: string,
  decision: ResolveInput,
): Promise<Payment> => {
  const found = await deps.repo.getForTenant(paymentId, tenantId);
  if (!found) throw new NotFoundError('payment');
  return deps.repo.mutate(paymentId, (p) => {
    if (p.status !== 'needs_review')
      throw new InvalidStateError(`Only needs_review payments are resolved; this one is ${p.status}.`);
    const unknown = Object.keys(decision.refunds ?? {}).filter(
      (id) => !p.refunds.some((r) => r.id === id && isOpenRefund(r.status)),
    );
    if (unknown.length) {
      throw new ValidationError('refunds names refunds that are not open on this payment.', [
        ...unknown.map((id) => ({ path: `refunds.${id}`, message: 'not an open refund of this payment' })),
      ]);
    }
    const at = nowIso(deps);
    let next = p;
    for (const r of p.refunds.filter((x) => isOpenRefund(x.status))) {
      const finding = decision.refunds?.[r.id] ?? defaultFinding(decision.status);
      const open = r.status === 'pending' ? next : reopen(next, r.id);
      next = settleRefund(
        open,
        r.id,
        finding,
        'operator',
        at,
        finding === 'failed'
          ? { code: 'RESOLVED_FAILED', message: 'An operator found that this refund did not happen.' }
          : null,
      );
    }
    if (decision.status === 'refunded') next = { ...next, amountRefunded: next.amount };
    checkAmounts(next, decision.status);
    try {
      return transition(next, {
        to: decision.status,
        source: 'operator',
        at,
        patch: decision.status === 'canceled' ? { cancelReason: next.cancelReason ?? 'provider' } : {},
        data: { note: decision.note, ...(decision.refunds ? { refunds: decision.refunds } : {}) },
      });
    } catch (error) {
      if (error instanceof IllegalTransitionError) throw new InvalidStateError(error.message);
      throw error;
    }
  });
};

/** A refund in review still holds its reservation: it is settled as if pending. */
const reopen = (p: Payment, refundId: string): Payment => ({
  ...p,
  refunds: p.refunds.map((r) => (r.id === refundId ? { ...r, status: 'pending' as const } : r)),
});
