/**
 * Why a payment waits for a person (`needs_review`). Two kinds, and they behave differently:
 * - outcome unknown: we asked and got no answer; a later answer from the provider that proves the outcome
 *   (paid, failed, closed) settles the payment without a person;
 * - disagreement: the provider and we disagree about money; only an operator's resolve ends it, and later
 *   provider reports are recorded as history, never applied.
 */
export const unknownOutcomeReasons = ['cancel_unknown', 'poller_error', 'no_order_ref', 'pay_unknown'] as const;
export const disagreementReasons = [
  'paid_after_cancel',
  'reversed_after_paid',
  'provider_disagrees',
  'refund_unsettled',
  'refund_unknown',
] as const;
export const reviewReasons = [...unknownOutcomeReasons, ...disagreementReasons] as const;
export type ReviewReason = (typeof reviewReasons)[number];

/**
 * A review that only a person can end. A payment in review without a recorded reason (stored before reasons were
 * kept) counts as sticky: the safe reading.
 */
export const isStickyReview = (reason: ReviewReason | null | undefined): boolean =>
  !reason || (disagreementReasons as readonly string[]).includes(reason);
