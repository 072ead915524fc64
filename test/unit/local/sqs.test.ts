import { SendMessageBatchCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { SQSEvent } from 'aws-lambda';
import { afterEach, describe, expect, it } from 'vitest';
import { type LocalQueue, type LocalQueueOptions, startLocalQueue } from '../../../local/sqs';

let queue: LocalQueue | undefined;
afterEach(async () => {
  await queue?.close();
  queue = undefined;
});

const start = async (consume: LocalQueueOptions['consume'], options: Partial<LocalQueueOptions> = {}) => {
  queue = await startLocalQueue({ queueName: 'test.fifo', consume, visibilityTimeoutMs: 10, ...options });
  const client = new SQSClient({
    region: 'us-east-1',
    endpoint: queue.endpoint,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const send = (body: string, group: string, dedup = body) =>
    client.send(
      new SendMessageCommand({
        QueueUrl: queue?.queueUrl,
        MessageBody: body,
        MessageGroupId: group,
        MessageDeduplicationId: dedup,
      }),
    );
  return { queue, client, send };
};

const bodies = (event: SQSEvent) => event.Records.map((r) => r.body);

describe('the local SQS FIFO queue', () => {
  it('takes messages from the real SDK (single and batch) and hands them to the consumer', async () => {
    const seen: string[] = [];
    const { queue, client, send } = await start(async (event) => {
      seen.push(...bodies(event));
      return { batchItemFailures: [] };
    });
    const sent = await send('one', 'g');
    expect(sent.MessageId).toBeTruthy();
    const batch = await client.send(
      new SendMessageBatchCommand({
        QueueUrl: queue.queueUrl,
        Entries: [
          { Id: 'a', MessageBody: 'two', MessageGroupId: 'g', MessageDeduplicationId: 'two' },
          { Id: 'b', MessageBody: 'three', MessageGroupId: 'h', MessageDeduplicationId: 'three' },
        ],
      }),
    );
    expect(batch.Successful?.map((s) => s.Id)).toEqual(['a', 'b']);
    await queue.idle();
    expect(seen.sort()).toEqual(['one', 'three', 'two']);
  });

  it('holds a group while its batch runs, in order, but serves other groups meanwhile', async () => {
    const order: string[] = [];
    let release: () => void = () => {};
    const slow = new Promise<void>((r) => {
      release = r;
    });
    const { queue, send } = await start(async (event) => {
      order.push(`start ${bodies(event).join('+')}`);
      if (bodies(event).includes('slow-1')) await slow;
      order.push(`end ${bodies(event).join('+')}`);
      return { batchItemFailures: [] };
    });
    await send('slow-1', 'slow-tenant');
    await new Promise((r) => setTimeout(r, 20));
    await send('slow-2', 'slow-tenant');
    await send('quick-1', 'quick-tenant');
    await new Promise((r) => setTimeout(r, 50));
    expect(order).toEqual(['start slow-1', 'start quick-1', 'end quick-1']);
    release();
    await queue.idle();
    expect(order.slice(3)).toEqual(['end slow-1', 'start slow-2', 'end slow-2']);
  });

  it('drops a message whose deduplication id it has seen within five minutes', async () => {
    const seen: string[] = [];
    const { queue, send } = await start(async (event) => {
      seen.push(...bodies(event));
      return { batchItemFailures: [] };
    });
    await send('job', 'g', 'evt_1:notify_url:0');
    await send('job', 'g', 'evt_1:notify_url:0');
    await send('job again', 'g', 'evt_1:notify_url:1');
    await queue.idle();
    expect(seen).toEqual(['job', 'job again']);
  });

  it('receives a failed batch item again and dead-letters it after the last receive; the rest go through', async () => {
    const receives: string[] = [];
    const { queue, send } = await start(
      async (event) => {
        receives.push(...bodies(event));
        return {
          batchItemFailures: event.Records.filter((r) => r.body === 'poison').map((r) => ({
            itemIdentifier: r.messageId,
          })),
        };
      },
      { maxReceiveCount: 3 },
    );
    await send('poison', 'g');
    await send('fine', 'g');
    await queue.idle();
    expect(receives.filter((b) => b === 'poison')).toHaveLength(3);
    expect(receives.filter((b) => b === 'fine')).toHaveLength(1);
    expect(queue.deadLetters.map((m) => m.body)).toEqual(['poison']);
  });
});
