import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import { DuplicateMerchantOrderNoError, GatewayError, ValidationError } from '../domain/errors';
import type { OutboxEntry, Payment, ProviderName } from '../domain/payment';
import type { PaymentStatus } from '../domain/status';
import { isNotifiable, pendingDelivery } from '../domain/transition';
import { deliveryKey } from '../notifications/routing';
import { isOpen, nextCheckAt, shardOf } from './open-index';
import { isConditionFailure } from './store-errors';
import { openShards, tableSchema } from './table';

const paymentKey = (id: string) => ({ pk: `PAYMENT#${id}`, sk: 'PAYMENT' });
const claimKey = (tenantId: string, merchantOrderNo: string) => ({
  pk: `CLAIM#${tenantId}#${merchantOrderNo}`,
  sk: 'CLAIM',
});

/** A claim whose payment never appeared (a crash between the two writes) may be taken over after this. */
const claimReclaimAfterMs = 60_000;
const maxWriteAttempts = 30;

/** Raised when another writer changed the payment between our read and our write. */
export class VersionConflictError extends GatewayError {
  constructor(id: string) {
    super('conflict', 409, `Payment ${id} was changed concurrently; try again.`);
  }
}

const toItem = (p: Payment) => {
  const open = isOpen(p);
  return {
    ...paymentKey(p.id),
    ...p,
    tenantKey: `TENANT#${p.tenantId}#PAYMENTS`,
    tenantSort: `${p.createdAt}#${p.id}`,
    ...(open ? { openShard: `OPEN#${shardOf(p.id)}`, nextCheckAt: nextCheckAt(p) } : {}),
  };
};

const fromItem = (item: Record<string, unknown>): Payment => {
  const { pk, sk, tenantKey, tenantSort, openShard, nextCheckAt, ...payment } = item;
  return payment as unknown as Payment;
};

export interface ListPaymentsQuery {
  tenantId: string;
  status?: PaymentStatus | undefined;
  provider?: ProviderName | undefined;
  limit: number;
  cursor?: string | undefined;
  /** Only payments created in [createdFrom, createdTo); either bound may be left open. */
  createdFrom?: string | undefined;
  createdTo?: string | undefined;
}

/**
 * The key condition on the tenant index for a creation range. `tenantSort` is `<createdAt>#<id>` with createdAt
 * in one fixed-length UTC form: '#' sorts before every id character, so `<t>#` is below every payment created at
 * `t` and above every earlier one.
 */
const createdRange = (q: ListPaymentsQuery): { condition: string; values: Record<string, string> } => {
  const from = q.createdFrom && `${q.createdFrom}#`;
  const to = q.createdTo && `${q.createdTo}#`;
  if (from && to) return { condition: ' AND tenantSort BETWEEN :from AND :to', values: { ':from': from, ':to': to } };
  if (from) return { condition: ' AND tenantSort >= :from', values: { ':from': from } };
  if (to) return { condition: ' AND tenantSort < :to', values: { ':to': to } };
  return { condition: '', values: {} };
};

/** The filter on fields the index does not sort by. */
const listFilter = (q: ListPaymentsQuery) => {
  const parts = [
    ...(q.status ? [{ name: 'status', value: q.status }] : []),
    ...(q.provider ? [{ name: 'provider', value: q.provider }] : []),
  ];
  if (!parts.length) return {};
  return {
    FilterExpression: parts.map((_, i) => `#f${i} = :f${i}`).join(' AND '),
    ExpressionAttributeNames: Object.fromEntries(parts.map((part, i) => [`#f${i}`, part.name])),
    filterValues: Object.fromEntries(parts.map((part, i) => [`:f${i}`, part.value])),
  };
};

/** DynamoDB repository of payments: every change is one conditional single-item write. */
export class PaymentsRepository {
  /**
   * Whether the tenant has webhook endpoints, as far as this process knows (`EndpointPresence`): a write that adds
   * notifiable events adds one `endpoints` entry per event when it says so, for the delivery consumer to fan out.
   * Without it, no write adds one.
   */
  hasEndpoints: ((tenantId: string) => Promise<boolean>) | undefined;
  /** Called after a write that added outbox entries, with those entries (it hands them to the delivery queue). */
  afterWrite: ((p: Payment, added: OutboxEntry[]) => Promise<void>) | undefined;
  /**
   * Told of every stored write of a payment: its insert (`before` undefined) and each change. For observation only
   * (metrics): it runs synchronously once the write is stored, and whatever it throws is dropped, so it can never
   * fail the write.
   */
  observeWrite: ((before: Payment | undefined, after: Payment) => void) | undefined;

  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** `next` with an `endpoints` outbox entry for each notifiable event it adds, if the tenant has endpoints. */
  private async routed(current: Payment, next: Payment): Promise<Payment> {
    const added = next.events.slice(current.events.length).filter((e) => isNotifiable(e.type));
    if (!this.hasEndpoints || !added.length) return next;
    // A look-up that fails adds the entries: the consumer finds out, and nothing is missed.
    if (!(await this.hasEndpoints(next.tenantId).catch(() => true))) return next;
    const entries = added.map((e): OutboxEntry => ({ ...pendingDelivery(e), destination: 'endpoints', url: '' }));
    return { ...next, outbox: [...(next.outbox ?? []), ...entries] };
  }

  private observed(before: Payment | undefined, after: Payment): void {
    try {
      this.observeWrite?.(before, after);
    } catch {
      // The write is stored; an observer's failure must not make its caller believe otherwise.
    }
  }

  private async written(before: Payment, p: Payment): Promise<Payment> {
    this.observed(before, p);
    const known = new Set((before.outbox ?? []).map(deliveryKey));
    const added = (p.outbox ?? []).filter((e) => !known.has(deliveryKey(e)));
    if (this.afterWrite && added.length) await this.afterWrite(p, added);
    return p;
  }

  /**
   * Writes the new payment and claims the tenant's merchantOrderNo at the same time: both are stored before the
   * provider is called, and neither write needs the other's answer. A create that loses the claim (409) or cannot
   * make it removes the payment it wrote, which nobody else knows of yet. Should that removal fail too, the payment
   * stays `created`, never sent, and the reconciler removes it once the create is surely over (its claim names
   * another payment, or none). A claim whose payment was never written is taken over after a minute (see `claim`).
   */
  async insert(p: Payment): Promise<void> {
    const [claimed, stored] = await Promise.allSettled([
      this.claim(p),
      this.db.send(
        new PutCommand({ TableName: this.tableName, Item: toItem(p), ConditionExpression: 'attribute_not_exists(pk)' }),
      ),
    ]);
    if (claimed.status === 'rejected') {
      // If this removal fails too, the reconciler removes the payment: its claim names another (`claimHolder`).
      if (stored.status === 'fulfilled') await this.discardCreated(p).catch(() => {});
      throw claimed.reason;
    }
    if (stored.status === 'rejected') throw stored.reason;
    this.observed(undefined, p);
  }

  private async claim(p: Payment): Promise<void> {
    const key = claimKey(p.tenantId, p.merchantOrderNo);
    const item = { ...key, paymentId: p.id, claimedAt: this.clock().toISOString() };
    try {
      await this.db.send(
        new PutCommand({ TableName: this.tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }),
      );
      return;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
    const existing = await this.db.send(new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }));
    const claim = existing.Item as { paymentId: string; claimedAt: string } | undefined;
    if (!claim) return this.claim(p);
    // A retried put whose first attempt was stored finds its own claim.
    if (claim.paymentId === p.id) return;
    const owner = await this.get(claim.paymentId);
    const stale = Date.parse(claim.claimedAt) + claimReclaimAfterMs < this.clock().getTime();
    if (owner || !stale) throw new DuplicateMerchantOrderNoError(claim.paymentId);
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: item,
          ConditionExpression: 'paymentId = :old',
          ExpressionAttributeValues: { ':old': claim.paymentId },
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) throw new DuplicateMerchantOrderNoError(claim.paymentId);
      throw error;
    }
  }

  async get(id: string): Promise<Payment | undefined> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: paymentKey(id), ConsistentRead: true }),
    );
    return out.Item ? fromItem(out.Item) : undefined;
  }

  async getForTenant(id: string, tenantId: string): Promise<Payment | undefined> {
    const p = await this.get(id);
    return p?.tenantId === tenantId ? p : undefined;
  }

  async findByMerchantOrderNo(tenantId: string, merchantOrderNo: string): Promise<Payment | undefined> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: claimKey(tenantId, merchantOrderNo), ConsistentRead: true }),
    );
    const paymentId = out.Item?.paymentId as string | undefined;
    return paymentId ? this.getForTenant(paymentId, tenantId) : undefined;
  }

  /** Writes `next` if the stored payment still has the version `next` was derived from. */
  async replace(next: Payment): Promise<Payment> {
    const written = { ...next, version: next.version + 1 };
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: toItem(written),
          ConditionExpression: 'version = :v',
          ExpressionAttributeValues: { ':v': next.version },
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) throw new VersionConflictError(next.id);
      throw error;
    }
    return written;
  }

  /**
   * Read–change–write with the version lock, retried on conflict. `change` sees the latest payment and returns
   * the next one, or the same object to write nothing; it may throw to refuse.
   *
   * `held` is the payment as the caller itself last wrote it (a create holds the `created` payment it inserted):
   * the first attempt changes that copy and writes it on its version without reading the payment again. If anything
   * wrote the payment meanwhile (a notify, a poll), that write fails on the version and `mutate` reads and changes
   * the latest as usual; so it does when `change` writes nothing, so that the caller gets the stored payment.
   */
  async mutate(
    id: string,
    change: (p: Payment) => Payment | Promise<Payment>,
    { held }: { held?: Payment } = {},
  ): Promise<Payment> {
    for (let attempt = 1; ; attempt++) {
      const fromHeld = attempt === 1 && held !== undefined;
      const current = fromHeld ? held : await this.get(id);
      if (!current) throw new Error(`payment ${id} vanished`);
      const changed = await change(current);
      if (changed === current) {
        if (fromHeld) continue;
        return current;
      }
      let written: Payment;
      try {
        written = await this.replace(await this.routed(current, changed));
      } catch (error) {
        if (!(error instanceof VersionConflictError) || attempt >= maxWriteAttempts) throw error;
        // A held copy was merely out of date: read the latest at once. Otherwise another writer is busy; back off.
        if (!fromHeld) await new Promise((r) => setTimeout(r, Math.random() * 10 * attempt));
        continue;
      }
      return this.written(current, written);
    }
  }

  /** The payment that holds the tenant's `merchantOrderNo`, if any. */
  async claimHolder(tenantId: string, merchantOrderNo: string): Promise<string | undefined> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: claimKey(tenantId, merchantOrderNo), ConsistentRead: true }),
    );
    return (out.Item as { paymentId?: string } | undefined)?.paymentId;
  }

  /** Removes a payment that is still `created` and was never sent to a provider. */
  async discardCreated(p: Payment): Promise<void> {
    await this.db.send(
      new DeleteCommand({
        TableName: this.tableName,
        Key: paymentKey(p.id),
        ConditionExpression: '#s = :created',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':created': 'created' },
      }),
    );
  }

  /** Removes a payment that never reached a provider (nothing was sent) and frees its merchantOrderNo. */
  async discardUnsent(p: Payment): Promise<void> {
    await this.discardCreated(p);
    await this.db.send(
      new DeleteCommand({
        TableName: this.tableName,
        Key: claimKey(p.tenantId, p.merchantOrderNo),
        ConditionExpression: 'paymentId = :id',
        ExpressionAttributeValues: { ':id': p.id },
      }),
    );
  }

  /** The tenant's payments, newest first. */
  async list(q: ListPaymentsQuery): Promise<{ data: Payment[]; nextCursor: string | null }> {
    const data: Payment[] = [];
    const tenantKey = `TENANT#${q.tenantId}#PAYMENTS`;
    let startKey: Record<string, unknown> | undefined = q.cursor ? decodeCursor(q.cursor, tenantKey) : undefined;
    const range = createdRange(q);
    const { filterValues, ...filter } = listFilter(q);
    do {
      const out = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: tableSchema.tenantIndex.name,
          KeyConditionExpression: `tenantKey = :t${range.condition}`,
          ExpressionAttributeValues: { ':t': tenantKey, ...range.values, ...filterValues },
          ...filter,
          ScanIndexForward: false,
          Limit: q.limit - data.length,
          ExclusiveStartKey: startKey,
        }),
      );
      data.push(...(out.Items ?? []).map(fromItem));
      startKey = out.LastEvaluatedKey;
    } while (startKey && data.length < q.limit);
    return { data, nextCursor: startKey ? encodeCursor(startKey) : null };
  }

  /**
   * Every open or watched payment of one tenant, whatever its due time. It reads the sparse index (open payments
   * only, never the table) and keeps the tenant's.
   */
  async listOpen(tenantId: string): Promise<Payment[]> {
    return (await this.listDue('9999-12-31T23:59:59.999Z', 1000)).filter((p) => p.tenantId === tenantId);
  }

  /** Open payments due for a check at `before`, across every shard of the sparse index. */
  async listDue(before: string, perShard = 100): Promise<Payment[]> {
    const shards = Array.from({ length: openShards }, (_, i) => `OPEN#${i}`);
    const pages = await Promise.all(
      shards.map((shard) =>
        this.db.send(
          new QueryCommand({
            TableName: this.tableName,
            IndexName: tableSchema.openIndex.name,
            KeyConditionExpression: 'openShard = :s AND nextCheckAt <= :b',
            ExpressionAttributeValues: { ':s': shard, ':b': before },
            Limit: perShard,
          }),
        ),
      ),
    );
    return pages.flatMap((page) => (page.Items ?? []).map(fromItem));
  }
}

const encodeCursor = (key: Record<string, unknown>): string => Buffer.from(JSON.stringify(key)).toString('base64url');

/** A list cursor is the tenant index's LastEvaluatedKey: exactly these four strings, for this tenant. */
const isCursorOf = (key: unknown, tenantKey: string): key is Record<string, string> => {
  if (!key || typeof key !== 'object' || Array.isArray(key)) return false;
  const { pk, sk, tenantKey: tenant, tenantSort, ...rest } = key as Record<string, unknown>;
  if (Object.keys(rest).length > 0 || tenant !== tenantKey || sk !== 'PAYMENT') return false;
  if (typeof pk !== 'string' || typeof tenantSort !== 'string' || !pk.startsWith('PAYMENT#')) return false;
  const id = pk.slice('PAYMENT#'.length);
  return /^[A-Za-z0-9_]+$/.test(id) && new RegExp(`^\\d{4}-\\d{2}-\\d{2}T[\\d:.]+Z#${id}$`).test(tenantSort);
};

/** Reads a cursor we handed out; anything else (garbage, another tenant's, a tampered key) is the caller's 400. */
const decodeCursor = (cursor: string, tenantKey: string): Record<string, string> => {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {}
  if (isCursorOf(key, tenantKey)) return key;
  // Named as the query parameter the caller sent, like every other query field's error.
  throw new ValidationError('cursor is not valid', [
    { path: 'query.cursor', message: 'not a cursor this API returned' },
  ]);
};
