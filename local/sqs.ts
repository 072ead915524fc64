import { createHash, randomUUID } from 'node:crypto';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { readBody } from '../sandbox/http';

interface Message {
  messageId: string;
  body: string;
  groupId: string;
  deduplicationId: string;
  sequenceNumber: string;
  sentAt: number;
  receiveCount: number;
}

interface SendEntry {
  Id?: string;
  MessageBody?: string;
  MessageGroupId?: string;
  MessageDeduplicationId?: string;
}

export interface LocalQueue {
  endpoint: string;
  queueUrl: string;
  /** Messages the consumer failed `maxReceiveCount` times, as a dead-letter queue would hold them. */
  deadLetters: Message[];
  /** Resolves when no message waits, runs or waits to be retried. */
  idle(): Promise<void>;
  /**
   * Stops handing messages to the consumer (they keep arriving and wait) until the returned function is called, as
   * a consumer throttled to zero would: tests use it to keep the consumer's writes out of a moment they control.
   */
  hold(): () => void;
  close(): Promise<void>;
}

export interface LocalQueueOptions {
  /** A FIFO queue's name (ends in `.fifo`). */
  queueName: string;
  /** What the event source mapping invokes: the consumer Lambda's handler. */
  consume: (event: SQSEvent) => Promise<SQSBatchResponse | undefined>;
  batchSize?: number;
  /** Batches that may run at once (Lambda's concurrency on the queue). */
  maxConcurrentBatches?: number;
  /** Receives before a message moves to the dead letters (the redrive policy). */
  maxReceiveCount?: number;
  /** How long a failed message stays invisible, and its group held, before it is received again. */
  visibilityTimeoutMs?: number;
}

/** SQS keeps a deduplication id for five minutes. */
const deduplicationWindowMs = 5 * 60_000;
const region = 'us-east-1';
const account = '000000000000';

const md5 = (text: string) => createHash('md5').update(text, 'utf8').digest('hex');

const sendAwsJson = (res: ServerResponse, status: number, body: unknown) => {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/x-amz-json-1.0', 'content-length': Buffer.byteLength(text) });
  res.end(text);
};

/**
 * An SQS FIFO queue on this machine (SendMessage and SendMessageBatch over the AWS JSON protocol the SDK speaks)
 * with the event source mapping that feeds its consumer, run in-process. It keeps the semantics the gateway relies
 * on: messages of one group are handed over in order, one batch of a group at a time, while other groups' batches
 * run beside it (so one slow tenant holds up only itself); a deduplication id seen in the last five minutes is
 * dropped; batch item failures are received again after the visibility timeout and dead-lettered after
 * `maxReceiveCount` receives.
 */
export const startLocalQueue = async (options: LocalQueueOptions): Promise<LocalQueue> => {
  const batchSize = options.batchSize ?? 10;
  const maxConcurrentBatches = options.maxConcurrentBatches ?? 10;
  const maxReceiveCount = options.maxReceiveCount ?? 3;
  const visibilityTimeoutMs = options.visibilityTimeoutMs ?? 1000;
  const groups = new Map<string, Message[]>();
  const held = new Set<string>();
  const seen = new Map<string, { messageId: string; until: number }>();
  const deadLetters: Message[] = [];
  const waiters: (() => void)[] = [];
  const inFlight = new Set<Promise<void>>();
  let sequence = 0;
  let running = 0;
  let closed = false;
  let holds = 0;

  const arn = `arn:aws:sqs:${region}:${account}:${options.queueName}`;
  const isIdle = () => held.size === 0 && [...groups.values()].every((g) => g.length === 0);
  const settle = () => {
    if (isIdle()) for (const w of waiters.splice(0)) w();
  };

  const toRecord = (m: Message): SQSRecord => ({
    messageId: m.messageId,
    receiptHandle: `${m.messageId}#${m.receiveCount}`,
    body: m.body,
    attributes: {
      ApproximateReceiveCount: String(m.receiveCount),
      SentTimestamp: String(m.sentAt),
      SenderId: account,
      ApproximateFirstReceiveTimestamp: String(Date.now()),
      SequenceNumber: m.sequenceNumber,
      MessageGroupId: m.groupId,
      MessageDeduplicationId: m.deduplicationId,
    },
    messageAttributes: {},
    md5OfBody: md5(m.body),
    eventSource: 'aws:sqs',
    eventSourceARN: arn,
    awsRegion: region,
  });

  const run = async (groupId: string, batch: Message[]) => {
    for (const m of batch) m.receiveCount++;
    let failed: Set<string>;
    try {
      const answer = await options.consume({ Records: batch.map(toRecord) });
      failed = new Set((answer?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
    } catch {
      failed = new Set(batch.map((m) => m.messageId));
    }
    running--;
    const retry = batch.filter((m) => failed.has(m.messageId));
    deadLetters.push(...retry.filter((m) => m.receiveCount >= maxReceiveCount));
    const again = retry.filter((m) => m.receiveCount < maxReceiveCount);
    const release = () => {
      groups.get(groupId)?.unshift(...again);
      held.delete(groupId);
      pump();
      settle();
    };
    if (again.length && !closed) setTimeout(release, visibilityTimeoutMs);
    else release();
  };

  const pump = () => {
    if (closed || holds > 0) return;
    for (const [groupId, queue] of groups) {
      if (running >= maxConcurrentBatches) return;
      if (held.has(groupId) || !queue.length) continue;
      held.add(groupId);
      running++;
      // Served groups go to the back, so each waiting group gets its turn before one gets a second.
      groups.delete(groupId);
      groups.set(groupId, queue);
      const batch = run(groupId, queue.splice(0, batchSize));
      inFlight.add(batch);
      void batch.finally(() => inFlight.delete(batch));
    }
  };

  const send = (entry: SendEntry) => {
    const body = entry.MessageBody ?? '';
    const deduplicationId = entry.MessageDeduplicationId ?? createHash('sha256').update(body).digest('hex');
    const now = Date.now();
    const earlier = seen.get(deduplicationId);
    const sequenceNumber = String(++sequence).padStart(20, '0');
    if (earlier && earlier.until > now)
      return { MessageId: earlier.messageId, MD5OfMessageBody: md5(body), SequenceNumber: sequenceNumber };
    const message: Message = {
      messageId: randomUUID(),
      body,
      groupId: entry.MessageGroupId ?? '',
      deduplicationId,
      sequenceNumber,
      sentAt: now,
      receiveCount: 0,
    };
    seen.set(deduplicationId, { messageId: message.messageId, until: now + deduplicationWindowMs });
    const queue = groups.get(message.groupId) ?? [];
    queue.push(message);
    groups.set(message.groupId, queue);
    return { MessageId: message.messageId, MD5OfMessageBody: md5(body), SequenceNumber: sequenceNumber };
  };

  let queueUrl = '';
  const server = createServer(async (req, res) => {
    const target = String(req.headers['x-amz-target'] ?? '').replace('AmazonSQS.', '');
    const input = JSON.parse((await readBody(req)) || '{}') as { QueueUrl?: string; Entries?: SendEntry[] } & SendEntry;
    if (input.QueueUrl !== queueUrl) {
      return sendAwsJson(res, 400, {
        __type: 'com.amazonaws.sqs#QueueDoesNotExist',
        message: 'The specified queue does not exist.',
      });
    }
    const missingGroup = (e: SendEntry) => !e.MessageGroupId;
    switch (target) {
      case 'SendMessage':
        if (missingGroup(input)) {
          return sendAwsJson(res, 400, {
            __type: 'com.amazonaws.sqs#MissingParameter',
            message: 'MessageGroupId is required.',
          });
        }
        sendAwsJson(res, 200, send(input));
        break;
      case 'SendMessageBatch': {
        const entries = input.Entries ?? [];
        const Successful = entries.filter((e) => !missingGroup(e)).map((e) => ({ Id: e.Id, ...send(e) }));
        const Failed = entries.filter(missingGroup).map((e) => ({
          Id: e.Id,
          SenderFault: true,
          Code: 'MissingParameter',
          Message: 'MessageGroupId is required.',
        }));
        sendAwsJson(res, 200, { Successful, Failed });
        break;
      }
      default:
        return sendAwsJson(res, 400, {
          __type: 'com.amazonaws.sqs#UnsupportedOperation',
          message: `${target} is not supported locally`,
        });
    }
    pump();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  queueUrl = `${endpoint}/${account}/${options.queueName}`;
  return {
    endpoint,
    queueUrl,
    deadLetters,
    hold: () => {
      holds++;
      let released = false;
      return () => {
        if (released) return;
        released = true;
        holds--;
        pump();
      };
    },
    idle: () =>
      new Promise<void>((resolve) => {
        waiters.push(resolve);
        settle();
      }),
    close: async () => {
      closed = true;
      await Promise.all(inFlight);
      for (const w of waiters.splice(0)) w();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
};
