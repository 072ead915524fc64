import { IllegalTransitionError } from './errors';
import { newId } from './ids';
import type { EventSource, Payment, PaymentEvent } from './payment';
import { canTransition, type PaymentStatus } from './status';

/** Fields a status change may set in the same write. */
export type PaymentPatch = Partial<
  Pick<Payment, 'cancelReason' | 'action' | 'providerRefs' | 'failure' | 'paidAt' | 'expiresAt'>
>;

export interface TransitionInput {
  to: PaymentStatus;
  source: EventSource;
  at: string;
  patch?: PaymentPatch;
  data?: Record<string, unknown>;
}

/** Status changes of a payment or a refund are sent to the caller's `notifyUrl`; other events are history only. */
const notifiable = (type: string) =>
  /^(payment|refund)\./.test(type) && type !== 'payment.created' && type !== 'payment.repaid';

/**
 * Appends one event to the payment (its history lives in the payment item); a status change of a payment with a
 * `notifyUrl` also goes into its outbox, in the same write.
 */
export const appendEvent = (
  p: Payment,
  e: Pick<PaymentEvent, 'type' | 'source' | 'at' | 'from' | 'to'> & { data?: Record<string, unknown> },
): Payment => {
  const event: PaymentEvent = {
    id: newId('evt'),
    type: e.type,
    paymentId: p.id,
    at: e.at,
    source: e.source,
    from: e.from,
    to: e.to,
    data: e.data ?? {},
  };
  const notify = p.notifyUrl && notifiable(e.type);
  return {
    ...p,
    events: [...p.events, event],
    ...(notify ? { outbox: [...(p.outbox ?? []), { eventId: event.id, attempts: 0, nextAttemptAt: e.at }] } : {}),
  };
};

/**
 * Moves a payment to `to`, refusing anything the table does not allow, and records the change as an event.
 * Staying in the same status is a no-op (a repeated notify or poll changes nothing), except for
 * `partially_refunded`, where every further refund is an event of its own.
 */
export const transition = (p: Payment, input: TransitionInput): Payment => {
  const { to, source, at, patch = {}, data = {} } = input;
  if (p.status === to && to !== 'partially_refunded') return p;
  if (!canTransition(p.status, to)) throw new IllegalTransitionError(p.status, to);
  const next: Payment = { ...p, ...patch, status: to, updatedAt: at };
  if (to === 'paid' && !next.paidAt) next.paidAt = at;
  return appendEvent(next, { type: `payment.${to}`, source, at, from: p.status, to, data });
};
