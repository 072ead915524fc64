import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { withMetrics } from '../../lib/metrics';
import { deliveryJobSchema } from '../../lib/notifications/delivery-queue';
import { deliverNotification } from '../../lib/payments/deliver-notifications';
import { getRuntime } from '../../lib/runtime';

/**
 * The delivery queue's consumer: every message of the batch is one delivery attempt, all run at once. A
 * receiver's failure is recorded on the payment and retried on its own schedule, so it is no failure here; a
 * message that cannot be read or recorded (the store is down) is a batch item failure, which SQS retries and
 * finally moves to the dead-letter queue.
 */
export const handler = withMetrics(async (event: SQSEvent): Promise<SQSBatchResponse> => {
  const rt = await getRuntime();
  const outcomes = await Promise.allSettled(
    event.Records.map(async (r) => deliverNotification(rt, deliveryJobSchema.parse(JSON.parse(r.body)))),
  );
  const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
  for (const [i, outcome] of outcomes.entries()) {
    if (outcome.status === 'fulfilled') continue;
    const messageId = event.Records[i]?.messageId as string;
    rt.logger.error('a delivery could not be run; the queue retries it', {
      messageId,
      error: (outcome.reason as Error).message,
    });
    batchItemFailures.push({ itemIdentifier: messageId });
  }
  return { batchItemFailures };
});
