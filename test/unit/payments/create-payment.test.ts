import { describe, expect, it } from 'vitest';
import { newId } from '../../../lib/domain/ids';
import { type CreatePaymentInput, createPayment } from '../../../lib/payments/create-payment';
import { PaymentsRepository } from '../../../lib/store/payments-repository';
import { recordStoreRequests, useTable } from '../../support/dynamo';
import { depsWith, stubProvider } from '../../support/stub-provider';

const table = useTable();
const repo = () => new PaymentsRepository(table.db, table.tableName);
const input = (): CreatePaymentInput => ({
  provider: 'shouqianba',
  scene: 'barcode',
  amount: 1999,
  merchantOrderNo: newId('M'),
  subject: 'Overdue fine',
  authCode: '139900001111222233',
});
const paidAtOnce = async () => ({ outcome: 'paid' as const, refs: { sn: '7894259244096169' } });

describe('the store requests of a create', () => {
  it('claims the order number, writes the payment, calls the provider, then writes the answer without a read', async () => {
    const provider = stubProvider({ create: paidAtOnce });
    const { value, requests } = await recordStoreRequests(table.db, () =>
      createPayment(depsWith(repo(), provider), 'create-test', input()),
    );
    expect(requests).toEqual(['PutItem', 'PutItem', 'PutItem']);
    expect(value.statusCode).toBe(201);
    expect(value.payment).toMatchObject({ status: 'paid', version: 1 });
    expect(await repo().get(value.payment.id)).toEqual(value.payment);
  });

  it('applies the answer on top of a write that landed while the provider was called', async () => {
    const provider = stubProvider({
      create: async (p) => {
        // What a poll or a notify may write once the payment exists and before the create's answer is recorded.
        await repo().mutate(p.id, (cur) => ({ ...cur, metadata: { seenBy: 'poller' } }));
        return paidAtOnce();
      },
    });
    const { value, requests } = await recordStoreRequests(table.db, () =>
      createPayment(depsWith(repo(), provider), 'create-test', input()),
    );
    expect(requests).toEqual(['PutItem', 'PutItem', 'GetItem', 'PutItem', 'PutItem (refused)', 'GetItem', 'PutItem']);
    expect(value.statusCode).toBe(201);
    expect(value.payment).toMatchObject({ status: 'paid', version: 2, metadata: { seenBy: 'poller' } });
    expect(await repo().get(value.payment.id)).toEqual(value.payment);
  });
});

describe('when the create call ended', () => {
  it('records it with any answer, even an unusable one, but not when no answer came back in time', async () => {
    const answered = stubProvider({ create: async () => ({ outcome: 'unknown' as const, reason: 'HTTP 502' }) });
    const silent = stubProvider({
      create: async () => ({ outcome: 'unknown' as const, reason: 'timed out', noAnswer: true as const }),
    });
    const late = await createPayment(depsWith(repo(), answered), 'create-test', input());
    expect(late.statusCode).toBe(202);
    expect(late.payment.createCallEndedAt).toEqual(expect.any(String));
    // The request may still reach the provider: "no such order" proves nothing until the call window has passed.
    const lost = await createPayment(depsWith(repo(), silent), 'create-test', input());
    expect(lost.statusCode).toBe(202);
    expect((await repo().get(lost.payment.id))?.createCallEndedAt).toBeUndefined();
  });
});
