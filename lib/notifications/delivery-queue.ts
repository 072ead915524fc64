import type { SQSClient } from '@aws-sdk/client-sqs';
import type { OutboxEntry, Payment } from '../domain/payment';
import { lazy } from '../lazy';
import * as z from '../zod';

/** One attempt to deliver one event to one destination: what a queue message carries. */
export const deliveryJobSchema = z.object({
  tenantId: z.string().check(z.minLength(1)),
  paymentId: z.string().check(z.minLength(1)),
  eventId: z.string().check(z.minLength(1)),
  destination: z.custom<OutboxEntry['destination']>(
    (v) => v === 'notify_url' || v === 'endpoints' || /^whe_\w+$/.test(String(v)),
  ),
  /** The outbox entry's `attempts` when queued: a message for an attempt already made is stale. */
  attempt: z.number().check(z.int(), z.minimum(0)),
});
export type DeliveryJob = z.infer<typeof deliveryJobSchema>;

export const jobOf = (p: Pick<Payment, 'id' | 'tenantId'>, e: OutboxEntry): DeliveryJob => ({
  tenantId: p.tenantId,
  paymentId: p.id,
  eventId: e.eventId,
  destination: e.destination,
  attempt: e.attempts,
});

/** Hands delivery attempts to whatever runs them, off the caller's request. */
export interface DeliveryQueue {
  enqueue(jobs: readonly DeliveryJob[]): Promise<void>;
}

/**
 * The SQS FIFO delivery queue. Each tenant is its own message group, so a tenant whose receivers hang holds up only
 * its own group; the deduplication id names the event, the destination and the attempt, so a job queued twice
 * (the write's hand-off and a reconciler pass) is delivered once, while a later retry is not taken for a repeat.
 */
export class SqsDeliveryQueue implements DeliveryQueue {
  constructor(
    private readonly client: () => Promise<SQSClient>,
    private readonly queueUrl: string,
  ) {}

  async enqueue(jobs: readonly DeliveryJob[]): Promise<void> {
    if (!jobs.length) return;
    const { SendMessageBatchCommand } = await import('@aws-sdk/client-sqs');
    const client = await this.client();
    for (let i = 0; i < jobs.length; i += 10) {
      const batch = jobs.slice(i, i + 10);
      const out = await client.send(
        new SendMessageBatchCommand({
          QueueUrl: this.queueUrl,
          Entries: batch.map((job, n) => ({
            Id: String(n),
            MessageBody: JSON.stringify(job),
            MessageGroupId: job.tenantId,
            MessageDeduplicationId: `${job.eventId}:${job.destination}:${job.attempt}`,
          })),
        }),
      );
      if (out.Failed?.length) {
        throw new Error(`the delivery queue refused ${out.Failed.length} of ${batch.length} messages`);
      }
    }
  }
}

/** The SQS client, loaded with its SDK when the first notification is queued. */
export const lazySqsClient = (region: string, endpoint: string | undefined): (() => Promise<SQSClient>) =>
  lazy(async () => new (await import('@aws-sdk/client-sqs')).SQSClient({ region, ...(endpoint ? { endpoint } : {}) }));
