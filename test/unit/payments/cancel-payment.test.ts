import { describe, expect, it } from 'vitest';
import { ProviderError, ProviderUnavailableError } from '../../../lib/domain/errors';
import { newId } from '../../../lib/domain/ids';
import type { Payment } from '../../../lib/domain/payment';
import { transition } from '../../../lib/domain/transition';
import { cancelPayment, expirePayment } from '../../../lib/payments/cancel-payment';
import { PaymentsRepository } from '../../../lib/store/payments-repository';
import { useTable } from '../../support/dynamo';
import { samplePayment } from '../../support/payments';
import { depsWith, stubProvider } from '../../support/stub-provider';

const table = useTable();
const repo = () => new PaymentsRepository(table.db, table.tableName);
const stored = async (over: Partial<Payment> = {}) => {
  const p = samplePayment({ id: newId('pay'), merchantOrderNo: newId('M'), status: 'pending', ...over });
  await repo().insert(p);
  return p;
};
const paidMeanwhile = (id: string) =>
  repo().mutate(id, (p) => transition(p, { to: 'paid', source: 'poller', at: new Date().toISOString() }));

describe('cancel against a payer who pays at the same moment', () => {
  it('sends a payment that was paid while its 撤单 was on the way to review (reversed_after_paid)', async () => {
    const p = await stored();
    const provider = stubProvider({
      cancel: async () => {
        await paidMeanwhile(p.id); // the poller saw the payer pay; then the 撤单 reversed it
        return { outcome: 'canceled' };
      },
    });
    const { payment, statusCode } = await cancelPayment(depsWith(repo(), provider), p.tenantId, p.id);
    expect(statusCode).toBe(202);
    expect(payment).toMatchObject({ status: 'needs_review', reviewReason: 'reversed_after_paid' });
  });

  it('answers a cancel refused for the order state with 409 and the payment as the provider now has it', async () => {
    const p = await stored();
    const provider = stubProvider({
      cancel: async () => ({
        outcome: 'refused_state',
        failure: { code: 'UPAY_CANCEL_INVALID_ORDER_STATE', message: '' },
      }),
      query: async () => ({ found: true, status: 'paid', refs: {}, refundedAmount: 0 }),
    });
    const error = await cancelPayment(depsWith(repo(), provider), p.tenantId, p.id).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 409, code: 'invalid_state', extensions: { payment: { status: 'paid' } } });
    expect((await repo().get(p.id))?.status).toBe('paid');
  });

  it('never sends a cancel for a payment the latest read shows paid', async () => {
    const p = await stored({ status: 'paid' });
    const provider = stubProvider();
    await expect(cancelPayment(depsWith(repo(), provider), p.tenantId, p.id)).rejects.toMatchObject({ status: 409 });
  });
});

describe('a provider that takes one cancel per order (TCC)', () => {
  const once = (cancel: () => Promise<never>) =>
    stubProvider({
      name: 'tcc',
      cancelOnce: true,
      moneyAfterClose: true,
      cancel,
      query: async () => ({ found: true, status: 'pending', refs: {} }),
    });

  it('answers an error answer with 502, keeps the attempt, refuses a second cancel, and reviews at the deadline', async () => {
    const p = await stored({ provider: 'tcc', expiresAt: '2026-01-01T00:00:00.000Z' });
    const provider = once(async () => {
      throw new ProviderError('TCC_400', '此接口只可调用一次');
    });
    const deps = depsWith(repo(), provider);
    await expect(cancelPayment(deps, p.tenantId, p.id)).rejects.toMatchObject({ status: 502, code: 'provider_error' });
    const after = await repo().get(p.id);
    expect(after).toMatchObject({ status: 'pending', cancelAttemptedAt: expect.any(String) });
    await expect(cancelPayment(deps, p.tenantId, p.id)).rejects.toMatchObject({ status: 409 });
    expect(await expirePayment(deps, p.id)).toMatchObject({ status: 'needs_review', reviewReason: 'cancel_unknown' });
  });

  it('gives the attempt back when nothing reached the provider', async () => {
    const p = await stored({ provider: 'tcc' });
    const provider = once(async () => {
      throw new ProviderUnavailableError('refused');
    });
    await expect(cancelPayment(depsWith(repo(), provider), p.tenantId, p.id)).rejects.toMatchObject({ status: 503 });
    expect((await repo().get(p.id))?.cancelAttemptedAt ?? null).toBeNull();
  });

  it('watches a payment canceled at a provider that can take money after a close', async () => {
    const p = await stored({ provider: 'tcc' });
    const provider = stubProvider({
      name: 'tcc',
      cancelOnce: true,
      moneyAfterClose: true,
      cancel: async () => ({ outcome: 'canceled' }),
    });
    const { payment } = await cancelPayment(depsWith(repo(), provider), p.tenantId, p.id);
    expect(payment).toMatchObject({ status: 'canceled', cancelReason: 'caller', watch: { checks: 0 } });
  });
});
