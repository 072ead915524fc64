import { withMetrics } from '../../lib/metrics';
import { pollStep } from '../../lib/payments/poll-step';
import { getRuntime } from '../../lib/runtime';

/** Step Functions task: one poll of the payment's provider. */
export const handler = withMetrics(async (input: { paymentId: string; deadline: string; startedAt?: string }) =>
  pollStep(await getRuntime(), input),
);
