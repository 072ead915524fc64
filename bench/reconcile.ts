import type { IncomingMessage } from 'node:http';
import { newId } from '../lib/domain/ids';
import { PaymentsRepository } from '../lib/store/payments-repository';
import { createDocumentClient } from '../lib/store/table';
import { createTable, startDynamo } from '../local/dynamo';
import { samplePayment } from '../test/support/payments';
import { emit } from './emit';

/** Reconciliation reads as the table grows while the open payments stay at 20: the sparse index keeps them flat. */
export const benchReconcile = async (): Promise<void> => {
  const dynamo = await startDynamo();
  await createTable(dynamo.endpoint, 'reconcile-bench', 'us-east-1');
  const db = createDocumentClient({ tableName: 'reconcile-bench', region: 'us-east-1', endpoint: dynamo.endpoint });
  const repo = new PaymentsRepository(db, 'reconcile-bench');
  let queries = 0;
  dynamo.server.on('request', (req: IncomingMessage) => {
    if (String(req.headers['x-amz-target']).endsWith('.Query')) queries++;
  });
  const add = async (count: number, status: 'paid' | 'pending') => {
    for (let i = 0; i < count; i += 25) {
      await Promise.all(
        Array.from({ length: Math.min(25, count - i) }, () =>
          repo.insert(
            samplePayment({
              id: newId('pay'),
              merchantOrderNo: newId('M'),
              status,
              expiresAt: '2026-01-01T00:00:00.000Z',
            }),
          ),
        ),
      );
    }
  };
  await add(20, 'pending');
  let closed = 0;
  for (const target of [0, 1000, 5000]) {
    await add(target - closed, 'paid');
    closed = target;
    queries = 0;
    const due = await repo.listDue('2027-01-01T00:00:00.000Z');
    emit('reconcile_reads', { payments: closed + 20, open: 20, itemsRead: due.length, queries });
  }
  await dynamo.close();
};
