import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { DuplicateMerchantOrderNoError, IllegalTransitionError } from '../../../lib/domain/errors';
import { newId } from '../../../lib/domain/ids';
import { transition } from '../../../lib/domain/transition';
import {
  type ListPaymentsQuery,
  PaymentsRepository,
  VersionConflictError,
} from '../../../lib/store/payments-repository';
import { recordStoreRequests, useTable } from '../../support/dynamo';
import { samplePayment } from '../../support/payments';

const table = useTable();
const repo = () => new PaymentsRepository(table.db, table.tableName);
const fresh = (over = {}) =>
  samplePayment({ id: newId('pay'), merchantOrderNo: newId('M'), status: 'created', ...over });

describe('PaymentsRepository on the embedded DynamoDB', () => {
  it('stores a payment with its events and reads it back', async () => {
    const p = fresh();
    await repo().insert(p);
    expect(await repo().get(p.id)).toEqual(p);
    expect(await repo().getForTenant(p.id, 'someone-else')).toBeUndefined();
    expect((await repo().findByMerchantOrderNo(p.tenantId, p.merchantOrderNo))?.id).toBe(p.id);
  });

  it('refuses a second payment with the same merchantOrderNo for the tenant, naming the first', async () => {
    const p = fresh();
    await repo().insert(p);
    const dup = fresh({ merchantOrderNo: p.merchantOrderNo });
    await expect(repo().insert(dup)).rejects.toThrow(new DuplicateMerchantOrderNoError(p.id));
    await repo().insert(fresh({ merchantOrderNo: p.merchantOrderNo, tenantId: 'other' }));
  });

  it('writes the claim and the new payment at once, and removes the payment when the claim is lost', async () => {
    let inFlight = 0;
    let most = 0;
    table.db.middlewareStack.add(
      (next) => async (args) => {
        inFlight++;
        most = Math.max(most, inFlight);
        try {
          return await next(args);
        } finally {
          inFlight--;
        }
      },
      { step: 'initialize', name: 'count-in-flight' },
    );
    const p = fresh();
    const dup = fresh({ merchantOrderNo: p.merchantOrderNo });
    try {
      const { requests } = await recordStoreRequests(table.db, () => repo().insert(p));
      expect(requests).toEqual(['PutItem', 'PutItem']);
      expect(most).toBe(2);
      await expect(repo().insert(dup)).rejects.toThrow(new DuplicateMerchantOrderNoError(p.id));
    } finally {
      table.db.middlewareStack.remove('count-in-flight');
    }
    expect(await repo().get(dup.id)).toBeUndefined();
    const listed = await repo().list({ tenantId: p.tenantId, limit: 100 });
    expect(listed.data.filter((x) => x.merchantOrderNo === p.merchantOrderNo).map((x) => x.id)).toEqual([p.id]);
  });

  it('removes the new payment when its claim cannot be written, and answers with the store error', async () => {
    const p = fresh();
    table.db.middlewareStack.add(
      (next) => async (args) => {
        const item = (args.input as { Item?: { pk?: string } }).Item;
        if (item?.pk?.startsWith('CLAIM#')) {
          throw Object.assign(new Error('Rate of requests exceeds the allowed throughput.'), {
            name: 'ProvisionedThroughputExceededException',
          });
        }
        return next(args);
      },
      { step: 'initialize', name: 'throttle-claims' },
    );
    try {
      await expect(repo().insert(p)).rejects.toMatchObject({ name: 'ProvisionedThroughputExceededException' });
    } finally {
      table.db.middlewareStack.remove('throttle-claims');
    }
    expect(await repo().get(p.id)).toBeUndefined();
    await repo().insert(p);
    expect((await repo().findByMerchantOrderNo(p.tenantId, p.merchantOrderNo))?.id).toBe(p.id);
  });

  it('takes a claim that already names the payment as its own (a retried put whose first attempt was stored)', async () => {
    const p = fresh();
    await table.db.send(
      new PutCommand({
        TableName: table.tableName,
        Item: {
          pk: `CLAIM#${p.tenantId}#${p.merchantOrderNo}`,
          sk: 'CLAIM',
          paymentId: p.id,
          claimedAt: new Date().toISOString(),
        },
      }),
    );
    await repo().insert(p);
    expect(await repo().get(p.id)).toEqual(p);
  });

  it('takes over a stale claim whose payment never appeared, and not a fresh one', async () => {
    const p = fresh();
    // What a process leaves when it dies between the claim write and the payment write.
    const claim = {
      pk: `CLAIM#${p.tenantId}#${p.merchantOrderNo}`,
      sk: 'CLAIM',
      paymentId: 'pay_lost',
      claimedAt: new Date().toISOString(),
    };
    await table.db.send(new PutCommand({ TableName: table.tableName, Item: claim }));
    await expect(repo().insert(p)).rejects.toThrow(new DuplicateMerchantOrderNoError('pay_lost'));
    const later = new PaymentsRepository(table.db, table.tableName, () => new Date(Date.now() + 120_000));
    await later.insert(p);
    expect((await repo().findByMerchantOrderNo(p.tenantId, p.merchantOrderNo))?.id).toBe(p.id);
  });

  it('writes a change only on the version it was derived from', async () => {
    const p = fresh();
    await repo().insert(p);
    const a = await repo().replace(transition(p, { to: 'pending', source: 'api', at: new Date().toISOString() }));
    expect(a.version).toBe(1);
    await expect(
      repo().replace(transition(p, { to: 'failed', source: 'api', at: new Date().toISOString() })),
    ).rejects.toBeInstanceOf(VersionConflictError);
    expect((await repo().get(p.id))?.status).toBe('pending');
  });

  it('retries mutate on conflicts so concurrent changes all land', async () => {
    const p = fresh({ status: 'paid' });
    await repo().insert(p);
    await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        repo().mutate(p.id, (cur) => ({ ...cur, metadata: { ...cur.metadata, [`k${i}`]: 'v' } })),
      ),
    );
    const stored = await repo().get(p.id);
    expect(Object.keys(stored?.metadata ?? {})).toHaveLength(8);
    expect(stored?.version).toBe(8);
  });

  it('writes a change to the payment the caller holds on its version, without reading it again', async () => {
    const p = fresh();
    await repo().insert(p);
    const at = new Date().toISOString();
    const { value, requests } = await recordStoreRequests(table.db, () =>
      repo().mutate(p.id, (cur) => transition(cur, { to: 'paid', source: 'api', at }), { held: p }),
    );
    expect(requests).toEqual(['PutItem']);
    expect(value).toMatchObject({ status: 'paid', version: 1 });
    expect(await repo().get(p.id)).toEqual(value);
  });

  it('reads and changes the latest payment when another write got there before the held copy', async () => {
    const p = fresh();
    await repo().insert(p);
    // A notify or a poll writes the payment between the caller's insert and its own change.
    await repo().mutate(p.id, (cur) => ({ ...cur, metadata: { seenBy: 'poller' } }));
    const seen: number[] = [];
    const at = new Date().toISOString();
    const { value, requests } = await recordStoreRequests(table.db, () =>
      repo().mutate(
        p.id,
        (cur) => {
          seen.push(cur.version);
          return transition(cur, { to: 'paid', source: 'api', at });
        },
        { held: p },
      ),
    );
    expect(requests).toEqual(['PutItem (refused)', 'GetItem', 'PutItem']);
    expect(seen).toEqual([0, 1]);
    expect(value).toMatchObject({ status: 'paid', version: 2, metadata: { seenBy: 'poller' } });
    expect(await repo().get(p.id)).toEqual(value);
    // A change that writes nothing answers the stored payment, not the out-of-date copy.
    expect(await repo().mutate(p.id, (cur) => cur, { held: p })).toEqual(value);
  });

  it('lets a refused transition write nothing', async () => {
    const p = fresh({ status: 'failed' });
    await repo().insert(p);
    await expect(
      repo().mutate(p.id, (cur) => transition(cur, { to: 'paid', source: 'api', at: 'x' })),
    ).rejects.toBeInstanceOf(IllegalTransitionError);
    expect((await repo().get(p.id))?.version).toBe(0);
  });

  it('keeps only open payments in the sparse index, found when due', async () => {
    const open = fresh({ status: 'pending', tenantId: 'due-test', expiresAt: '2026-01-01T00:00:00.000Z' });
    const closed = fresh({ status: 'paid', tenantId: 'due-test', expiresAt: '2026-01-01T00:00:00.000Z' });
    await repo().insert(open);
    await repo().insert(closed);
    const due = (await repo().listDue('2026-01-02T00:00:00.000Z')).map((p) => p.id);
    expect(due).toContain(open.id);
    expect(due).not.toContain(closed.id);
    expect((await repo().listDue('2025-12-31T00:00:00.000Z')).map((p) => p.id)).not.toContain(open.id);
  });

  it('lists by provider and by creation time, each bound optional, from inclusive and to exclusive', async () => {
    const tenantId = newId('range');
    const at = (t: string, provider: 'tcc' | 'shouqianba' = 'shouqianba') =>
      fresh({ tenantId, provider, createdAt: `2026-03-0${t}:00:00.000Z` });
    const d1 = at('1T00');
    const d2 = at('2T00');
    const d3 = at('3T00');
    const tcc = at('2T12', 'tcc');
    for (const p of [d1, d2, d3, tcc]) await repo().insert(p);
    const ids = async (q: Partial<ListPaymentsQuery>) =>
      (await repo().list({ tenantId, limit: 10, ...q })).data.map((p) => p.id);
    expect(await ids({})).toEqual([d3.id, tcc.id, d2.id, d1.id]);
    expect(await ids({ provider: 'tcc' })).toEqual([tcc.id]);
    expect(await ids({ provider: 'shouqianba', status: 'created' })).toEqual([d3.id, d2.id, d1.id]);
    expect(await ids({ createdFrom: d2.createdAt })).toEqual([d3.id, tcc.id, d2.id]);
    expect(await ids({ createdTo: d2.createdAt })).toEqual([d1.id]);
    expect(await ids({ createdFrom: d2.createdAt, createdTo: d3.createdAt, provider: 'shouqianba' })).toEqual([d2.id]);
  });
});
