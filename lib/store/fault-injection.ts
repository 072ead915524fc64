import { type DynamoDBClient, ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';

/**
 * A planned store fault for the local fault proof: the next write of the payment with this `merchantOrderNo` that
 * carries a new event of one of `eventTypes` from `source` is refused as throttled. Events are what mark the write
 * that follows a provider call (e.g. `refund.succeeded` from `api`), so the fault lands after the provider acted.
 */
export interface StoreFaultRule {
  merchantOrderNo: string;
  eventTypes: readonly string[];
  source: string;
  /** Only events recorded at or after this instant (ISO 8601) count, so an older event never matches. */
  since: string;
}

/** A rule that refused a write. */
export interface FiredStoreFault extends StoreFaultRule {
  paymentId: string;
  eventType: string;
}

interface StoredEvent {
  type?: unknown;
  source?: unknown;
  at?: unknown;
}

/** The armed rules and the writes they refused; one registry per process, shared by every client it builds. */
export const storeFaults = {
  armed: [] as StoreFaultRule[],
  fired: [] as FiredStoreFault[],
  arm(rule: StoreFaultRule): void {
    this.armed.push(rule);
  },
  /** Drops the armed rules (only those of one merchantOrderNo when given). */
  disarm(merchantOrderNo?: string): void {
    this.armed = merchantOrderNo ? this.armed.filter((r) => r.merchantOrderNo !== merchantOrderNo) : [];
  },
};

const matchingEvent = (rule: StoreFaultRule, item: Record<string, unknown>): StoredEvent | undefined => {
  if (item.merchantOrderNo !== rule.merchantOrderNo || !Array.isArray(item.events)) return undefined;
  return (item.events as StoredEvent[]).find(
    (e) =>
      typeof e.type === 'string' &&
      rule.eventTypes.includes(e.type) &&
      e.source === rule.source &&
      typeof e.at === 'string' &&
      e.at >= rule.since,
  );
};

/** The throttling error DynamoDB answers when a table's throughput is exceeded. */
const throttled = () =>
  new ProvisionedThroughputExceededException({
    message: 'The level of configured provisioned throughput for the table was exceeded (injected store fault).',
    $metadata: { httpStatusCode: 400 },
  });

/**
 * Adds the fault middleware to a DynamoDB client when `STORE_FAULTS` is set (the local fault proof only); otherwise
 * returns the client untouched. It runs in the `initialize` step, outside the SDK's retry, so an injected throttle
 * reaches the caller as a real one would after the SDK gave up.
 */
export const withStoreFaults = (client: DynamoDBClient): DynamoDBClient => {
  if (!process.env.STORE_FAULTS) return client;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const item = (args.input as { Item?: Record<string, unknown> }).Item;
      if (context.commandName === 'PutItemCommand' && item && storeFaults.armed.length) {
        for (const [index, rule] of storeFaults.armed.entries()) {
          const event = matchingEvent(rule, item);
          if (!event) continue;
          storeFaults.armed.splice(index, 1);
          storeFaults.fired.push({ ...rule, paymentId: String(item.id), eventType: String(event.type) });
          throw throttled();
        }
      }
      return next(args);
    },
    { step: 'initialize', name: 'storeFaultInjection' },
  );
  return client;
};
