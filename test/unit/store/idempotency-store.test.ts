import { describe, expect, it } from 'vitest';
import { IdempotencyStore } from '../../../lib/store/idempotency-store';
import { useTable } from '../../support/dynamo';

const table = useTable();

describe('IdempotencyStore on the embedded DynamoDB', () => {
  it('claims a key once, then reports it in progress, then replays the stored answer', async () => {
    const store = new IdempotencyStore(table.db, table.tableName);
    expect(await store.claim('t1', 'k1', 'h1')).toEqual({ kind: 'claimed' });
    expect(await store.claim('t1', 'k1', 'h1')).toEqual({ kind: 'in_progress', requestHash: 'h1' });
    await store.complete('t1', 'k1', 'h1', { statusCode: 201, body: '{"id":"x"}' });
    expect(await store.claim('t1', 'k1', 'h2')).toEqual({
      kind: 'replay',
      requestHash: 'h1',
      response: { statusCode: 201, body: '{"id":"x"}' },
    });
    expect(await store.claim('t2', 'k1', 'h1')).toEqual({ kind: 'claimed' });
  });

  it('lets a released key, a dead in-progress claim and an expired record be claimed again', async () => {
    const now = Date.now();
    const store = new IdempotencyStore(table.db, table.tableName, () => new Date(now));
    await store.claim('t1', 'k2', 'h');
    await store.release('t1', 'k2');
    expect((await store.claim('t1', 'k2', 'h')).kind).toBe('claimed');
    const minuteLater = new IdempotencyStore(table.db, table.tableName, () => new Date(now + 61_000));
    expect((await minuteLater.claim('t1', 'k2', 'h')).kind).toBe('claimed');
    await minuteLater.complete('t1', 'k2', 'h', { statusCode: 200, body: '{}' });
    const dayLater = new IdempotencyStore(table.db, table.tableName, () => new Date(now + 25 * 3600_000));
    expect((await dayLater.claim('t1', 'k2', 'h')).kind).toBe('claimed');
  });
});
