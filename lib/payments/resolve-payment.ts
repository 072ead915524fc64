import { IllegalTransitionError, InvalidStateError, NotFoundError } from '../domain/errors';
import type { Payment } from '../domain/payment';
import type { PaymentStatus } from '../domain/status';
import { transition } from '../domain/transition';
import { nowIso, type PaymentDeps } from './deps';

export type Resolution = Extract<PaymentStatus, 'paid' | 'failed' | 'canceled' | 'refunded' | 'partially_refunded'>;

/**
 * A person's decision on a `needs_review` payment, within the transition table, recorded as an event with source
 * `operator` and the note. `refunded` also books the whole amount as refunded (the person refunded it outside).
 */
export const resolvePayment = async (
  deps: PaymentDeps,
  tenantId: string,
  paymentId: string,
  decision: { status: Resolution; note: string },
): Promise<Payment> => {
  const found = await deps.repo.getForTenant(paymentId, tenantId);
  if (!found) throw new NotFoundError('payment');
  return deps.repo.mutate(paymentId, (p) => {
    if (p.status !== 'needs_review')
      throw new InvalidStateError(`Only needs_review payments are resolved; this one is ${p.status}.`);
    const at = nowIso(deps);
    try {
      const next = transition(p, {
        to: decision.status,
        source: 'operator',
        at,
        patch: decision.status === 'canceled' ? { cancelReason: 'provider' } : {},
        data: { note: decision.note },
      });
      return decision.status === 'refunded'
        ? { ...next, amountRefunded: next.amount - next.amountRefundPending }
        : next;
    } catch (error) {
      if (error instanceof IllegalTransitionError) throw new InvalidStateError(error.message);
      throw error;
    }
  });
};
