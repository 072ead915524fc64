/** Payment and refund statuses and the one table of allowed payment transitions (API.md). */
export const paymentStatuses = [
  'created',
  'pending',
  'paid',
  'failed',
  'canceled',
  'partially_refunded',
  'refunded',
  'needs_review',
] as const;
export type PaymentStatus = (typeof paymentStatuses)[number];

export const refundStatuses = ['pending', 'succeeded', 'failed', 'needs_review'] as const;
export type RefundStatus = (typeof refundStatuses)[number];

export const cancelReasons = ['caller', 'timeout', 'provider', 'repay'] as const;
export type CancelReason = (typeof cancelReasons)[number];

/** Every allowed move; anything else is refused by `assertTransition` and so by the store. */
export const transitions = {
  created: ['pending', 'paid', 'failed', 'canceled', 'needs_review'],
  pending: ['paid', 'failed', 'canceled', 'needs_review'],
  paid: ['partially_refunded', 'refunded', 'needs_review'],
  partially_refunded: ['partially_refunded', 'refunded', 'needs_review'],
  needs_review: ['pending', 'paid', 'failed', 'canceled', 'partially_refunded', 'refunded'],
  canceled: ['needs_review'],
  failed: [],
  refunded: [],
} as const satisfies Record<PaymentStatus, readonly PaymentStatus[]>;

export const canTransition = (from: PaymentStatus, to: PaymentStatus): boolean =>
  (transitions[from] as readonly PaymentStatus[]).includes(to);

/** No transition leaves these. */
export const isFinal = (status: PaymentStatus): boolean => transitions[status].length === 0;

/** Statuses whose provider outcome is still to be learned by polling or reconciliation. */
export const isAwaitingProvider = (status: PaymentStatus): boolean => status === 'created' || status === 'pending';
