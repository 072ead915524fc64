import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { type DeliveryJob, SqsDeliveryQueue } from '../../../lib/notifications/delivery-queue';

const sqs = mockClient(SQSClient);
afterEach(() => sqs.reset());

const queueUrl = 'https://sqs.us-east-1.amazonaws.com/000000000000/paybridge-deliveries.fifo';
const job = (n: number, tenantId = 'lib1'): DeliveryJob => ({
  tenantId,
  paymentId: `pay_${n}`,
  eventId: `evt_${n}`,
  destination: 'notify_url',
  attempt: 0,
});

describe('the SQS hand-off of deliveries', () => {
  it('sends each job as a message of its tenant’s group, deduplicated by event, destination and attempt, ten at a time', async () => {
    sqs.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });
    const jobs = [...Array.from({ length: 11 }, (_, n) => job(n)), job(11, 'school2')];
    await new SqsDeliveryQueue(async () => new SQSClient({ region: 'us-east-1' }), queueUrl).enqueue(jobs);
    const sent = sqs.commandCalls(SendMessageBatchCommand).map((c) => c.args[0].input);
    expect(sent.map((b) => b.Entries?.length)).toEqual([10, 2]);
    expect(sent.every((b) => b.QueueUrl === queueUrl)).toBe(true);
    expect(sent[1]?.Entries?.[1]).toEqual({
      Id: '1',
      MessageBody: JSON.stringify(job(11, 'school2')),
      MessageGroupId: 'school2',
      MessageDeduplicationId: 'evt_11:notify_url:0',
    });
  });

  it('fails the hand-off when SQS refuses any message, and when SQS itself fails', async () => {
    const queue = new SqsDeliveryQueue(async () => new SQSClient({ region: 'us-east-1' }), queueUrl);
    sqs.on(SendMessageBatchCommand).resolves({
      Successful: [],
      Failed: [{ Id: '0', SenderFault: false, Code: 'InternalError' }],
    });
    await expect(queue.enqueue([job(1)])).rejects.toThrow(/refused 1 of 1/);
    sqs.on(SendMessageBatchCommand).rejects(new Error('throttled'));
    await expect(queue.enqueue([job(1)])).rejects.toThrow('throttled');
  });

  it('sends nothing for no jobs', async () => {
    await new SqsDeliveryQueue(async () => new SQSClient({ region: 'us-east-1' }), queueUrl).enqueue([]);
    expect(sqs.commandCalls(SendMessageBatchCommand)).toHaveLength(0);
  });
});
