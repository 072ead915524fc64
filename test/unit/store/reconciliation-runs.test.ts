import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { newId } from '../../../lib/domain/ids';
import { maxListedIds, ReconciliationRunStore } from '../../../lib/store/reconciliation-runs';
import { useTable } from '../../support/dynamo';

const table = useTable();
const store = () => new ReconciliationRunStore(table.db, table.tableName);
const run = (startedAt: string, over = {}) => ({
  trigger: 'scheduled' as const,
  checked: 2,
  changed: 1,
  needsReview: ['pay_1'],
  startedAt,
  finishedAt: startedAt.replace(/\.\d{3}Z$/, '.900Z'),
  ...over,
});

describe('ReconciliationRunStore on the embedded DynamoDB', () => {
  it("lists a tenant's runs newest first, only its own, up to the limit", async () => {
    const tenant = newId('t');
    const other = newId('t');
    await store().record(tenant, run('2026-03-01T10:00:00.000Z'));
    await store().record(tenant, run('2026-03-01T10:10:00.000Z', { trigger: 'manual' }));
    await store().record(tenant, run('2026-03-01T10:05:00.000Z'));
    await store().record(other, run('2026-03-01T10:20:00.000Z', { needsReview: ['pay_other'] }));

    const runs = await store().list(tenant, 10);
    expect(runs.map((r) => [r.startedAt, r.trigger])).toEqual([
      ['2026-03-01T10:10:00.000Z', 'manual'],
      ['2026-03-01T10:05:00.000Z', 'scheduled'],
      ['2026-03-01T10:00:00.000Z', 'scheduled'],
    ]);
    expect(runs[0]).toEqual({
      id: expect.stringMatching(/^rec_/),
      object: 'reconciliation',
      trigger: 'manual',
      checked: 2,
      changed: 1,
      needsReview: ['pay_1'],
      needsReviewCount: 1,
      startedAt: '2026-03-01T10:10:00.000Z',
      finishedAt: '2026-03-01T10:10:00.900Z',
    });
    expect((await store().list(tenant, 2)).map((r) => r.startedAt)).toEqual([
      '2026-03-01T10:10:00.000Z',
      '2026-03-01T10:05:00.000Z',
    ]);
    expect((await store().list(other, 10)).map((r) => r.needsReview)).toEqual([['pay_other']]);
    expect(await store().list(newId('t'), 10)).toEqual([]);
  });

  it('keeps items small and lets DynamoDB remove them after 30 days', async () => {
    const tenant = newId('t');
    const ids = Array.from({ length: maxListedIds + 20 }, (_, i) => `pay_${i}`);
    const recorded = await store().record(tenant, run('2026-03-02T00:00:00.000Z', { needsReview: ids }));
    expect(recorded.needsReview).toEqual(ids.slice(0, maxListedIds));
    expect(recorded.needsReviewCount).toBe(maxListedIds + 20);
    const item = await table.db.send(
      new GetCommand({
        TableName: table.tableName,
        Key: { pk: `RECONCILIATIONS#${tenant}`, sk: `2026-03-02T00:00:00.000Z#${recorded.id}` },
      }),
    );
    expect(item.Item?.ttl).toBe(Date.parse('2026-04-01T00:00:00.000Z') / 1000);
  });
});
