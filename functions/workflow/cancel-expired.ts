import { withMetrics } from '../../lib/metrics';
import { expirePayment, flagForReview } from '../../lib/payments/cancel-payment';
import { getRuntime } from '../../lib/runtime';

/**
 * Step Functions task: the deadline passed, so cancel at the provider; or, given `error` (the workflow's Catch),
 * flag the payment for a person.
 */
export const handler = withMetrics(async (input: { paymentId: string; error?: { Error?: string; Cause?: string } }) => {
  const rt = await getRuntime();
  const p = input.error
    ? await flagForReview(rt, input.paymentId, input.error.Error ?? 'workflow error')
    : await expirePayment(rt, input.paymentId);
  return { status: p?.status ?? 'missing', final: true, expired: false };
});
