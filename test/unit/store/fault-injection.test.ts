import { ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import { afterEach, describe, expect, it } from 'vitest';
import { newId } from '../../../lib/domain/ids';
import { appendEvent } from '../../../lib/domain/transition';
import { storeFaults } from '../../../lib/store/fault-injection';
import { PaymentsRepository } from '../../../lib/store/payments-repository';
import { createDocumentClient } from '../../../lib/store/table';
import { useTable } from '../../support/dynamo';
import { samplePayment } from '../../support/payments';

// The middleware is added when a client is built, and useTable builds its client before the tests.
process.env.STORE_FAULTS = '1';
const table = useTable();
const repo = () => new PaymentsRepository(table.db, table.tableName);

const stored = async () => {
  const p = samplePayment({ id: newId('pay'), merchantOrderNo: newId('M'), status: 'paid' });
  await repo().insert(p);
  return p;
};
const settleRefund = (p: ReturnType<typeof samplePayment>, at: string) =>
  appendEvent(p, { type: 'refund.succeeded', source: 'api', at, from: 'pending', to: 'succeeded' });

afterEach(() => storeFaults.disarm());

describe('store fault injection (STORE_FAULTS)', () => {
  it('throttles the one write that records the armed event, then lets the same write through', async () => {
    const p = await stored();
    const since = new Date().toISOString();
    storeFaults.arm({ merchantOrderNo: p.merchantOrderNo, eventTypes: ['refund.succeeded'], source: 'api', since });
    const write = () => repo().mutate(p.id, (cur) => settleRefund(cur, new Date().toISOString()));
    await expect(write()).rejects.toBeInstanceOf(ProvisionedThroughputExceededException);
    expect((await repo().get(p.id))?.events).toEqual(p.events);
    expect(storeFaults.fired.at(-1)).toMatchObject({ paymentId: p.id, eventType: 'refund.succeeded' });
    expect((await write()).events.at(-1)?.type).toBe('refund.succeeded');
  });

  it('lets other payments, other sources and events older than the rule through', async () => {
    const p = await stored();
    const other = await stored();
    const since = new Date().toISOString();
    storeFaults.arm({ merchantOrderNo: p.merchantOrderNo, eventTypes: ['refund.succeeded'], source: 'api', since });
    await repo().mutate(other.id, (cur) => settleRefund(cur, new Date().toISOString()));
    await repo().mutate(p.id, (cur) => settleRefund(cur, '2020-01-01T00:00:00.000Z'));
    await repo().mutate(p.id, (cur) =>
      appendEvent(cur, {
        type: 'refund.succeeded',
        source: 'reconciler',
        at: new Date().toISOString(),
        from: 'pending',
        to: 'succeeded',
      }),
    );
    expect(storeFaults.armed).toHaveLength(1);
  });

  it('adds nothing to a client built without STORE_FAULTS', async () => {
    const p = await stored();
    delete process.env.STORE_FAULTS;
    const plain = createDocumentClient({
      tableName: table.tableName,
      region: 'us-east-1',
      endpoint: await endpointOf(),
    });
    process.env.STORE_FAULTS = '1';
    storeFaults.arm({
      merchantOrderNo: p.merchantOrderNo,
      eventTypes: ['refund.succeeded'],
      source: 'api',
      since: new Date().toISOString(),
    });
    const written = await new PaymentsRepository(plain, table.tableName).mutate(p.id, (cur) =>
      settleRefund(cur, new Date().toISOString()),
    );
    expect(written.events.at(-1)?.type).toBe('refund.succeeded');
  });
});

const endpointOf = async () => {
  const endpoint = await table.db.config.endpoint?.();
  return `${endpoint?.protocol}//${endpoint?.hostname}:${endpoint?.port}`;
};
