import { IllegalTransitionError } from './errors';
import { newId } from './ids';
import type { EventSource, OutboxEntry, Payment, PaymentEvent } from './payment';
import { type ReviewReason, reviewReasons } from './review';
import { canTransition, type PaymentStatus, paymentStatuses, refundStatuses } from './status';

/** Fields a status change may set in the same write. */
export type PaymentPatch = Partial<
  Pick<Payment, 'cancelReason' | 'action' | 'providerRefs' | 'failure' | 'paidAt' | 'expiresAt'>
>;

export interface TransitionInput {
  to: PaymentStatus;
  source: EventSource;
  at: string;
  patch?: PaymentPatch;
  /** A move to `needs_review` must carry `reason` (a `ReviewReason`). */
  data?: Record<string, unknown>;
}

const isReviewReason = (value: unknown): value is ReviewReason => (reviewReasons as readonly unknown[]).includes(value);

/**
 * Status changes of a payment or a refund are sent to the caller (its `notifyUrl`, its webhook endpoints); other
 * events (a provider report recorded during review, a repay, delivery history) are history only.
 */
export const notifiableTypes: readonly string[] = [
  ...paymentStatuses.filter((s) => s !== 'created').map((s) => `payment.${s}`),
  ...refundStatuses.map((s) => `refund.${s}`),
];
export const isNotifiable = (type: string): boolean => notifiableTypes.includes(type);

/** The first outbox entry of an event, due at once; the caller adds where it goes. */
export const pendingDelivery = (event: PaymentEvent) => ({
  eventId: event.id,
  eventType: event.type,
  attempts: 0,
  nextAttemptAt: event.at,
});

/**
 * Appends one event to the payment (its history lives in the payment item); a status change of a payment with a
 * `notifyUrl` also goes into its outbox for that URL, in the same write. (The repository adds one `endpoints` entry
 * for a tenant with webhook endpoints, which the delivery consumer fans out.)
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
  const entry: OutboxEntry | undefined =
    p.notifyUrl && isNotifiable(e.type)
      ? { ...pendingDelivery(event), destination: 'notify_url', url: p.notifyUrl }
      : undefined;
  return { ...p, events: [...p.events, event], ...(entry ? { outbox: [...(p.outbox ?? []), entry] } : {}) };
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
  const reason = data.reason;
  if (to === 'needs_review' && !isReviewReason(reason)) {
    throw new Error(`a move to needs_review needs a review reason, got ${String(reason)}`);
  }
  const next: Payment = {
    ...p,
    ...patch,
    status: to,
    reviewReason: to === 'needs_review' ? (reason as ReviewReason) : null,
    updatedAt: at,
  };
  if (to === 'paid' && !next.paidAt) next.paidAt = at;
  return appendEvent(next, { type: `payment.${to}`, source, at, from: p.status, to, data });
};
