import { describe, expect, it } from 'vitest';
import type { ProviderOrder } from '../../chaos/books';
import { checkInvariants, type Evidence, type ObservedPayment } from '../../chaos/invariants';

type Event = ObservedPayment['events'][number];
const ev = (from: string | null, to: string, source = 'api', data: Record<string, unknown> = {}): Event => ({
  type: `payment.${to}`,
  from,
  to,
  source,
  data,
});
const refundEv = (refundId: string, to: string): Event => ({
  type: `refund.${to}`,
  from: to === 'pending' ? null : 'pending',
  to,
  source: 'api',
  data: { refundId },
});

/** A Shouqianba payment paid and then refunded 300 of 1000, as both sides agree. */
const partlyRefunded = (): ObservedPayment => ({
  id: 'pay_A',
  provider: 'shouqianba',
  merchantOrderNo: 'chaos-1-00000',
  amount: 1000,
  amountRefunded: 300,
  status: 'partially_refunded',
  providerRefs: {},
  refunds: [{ id: 'ref_1', amount: 300, status: 'succeeded' }],
  events: [
    ev(null, 'created'),
    ev('created', 'pending'),
    ev('pending', 'paid', 'poller'),
    refundEv('ref_1', 'pending'),
    refundEv('ref_1', 'succeeded'),
    ev('paid', 'partially_refunded'),
  ],
});
const partlyRefundedOrder = (): ProviderOrder => ({
  provider: 'shouqianba',
  ref: '7800000000000001',
  paymentId: 'pay_A',
  tag: 'chaos-1-00000',
  amount: 1000,
  state: 'captured',
  refunded: 300,
});

/** A TCC payment canceled at its deadline; TCC closed the order. */
const canceledTcc = (): ObservedPayment => ({
  id: 'pay_B',
  provider: 'tcc',
  merchantOrderNo: 'chaos-1-00001',
  amount: 500,
  amountRefunded: 0,
  status: 'canceled',
  providerRefs: { orderId: 'tcc-1' },
  refunds: [],
  events: [ev(null, 'created'), ev('created', 'pending'), ev('pending', 'canceled', 'poller')],
});
const canceledTccOrder = (): ProviderOrder => ({
  provider: 'tcc',
  ref: 'tcc-1',
  paymentId: null,
  tag: 'chaos-1-00001',
  amount: 500,
  state: 'closed',
  refunded: 0,
});

const clean = (): Evidence => ({
  payments: [partlyRefunded(), canceledTcc()],
  orders: [partlyRefundedOrder(), canceledTccOrder()],
  answers: [{ method: 'POST', route: '/v1/payments', status: 201, paymentId: null }],
  webhookAnswers: [],
  handedOut: ['pay_A', 'pay_B'],
});

const found = (e: Evidence) => checkInvariants(e).map((v) => [v.invariant, v.paymentId]);

describe('the fault proof invariants', () => {
  it('find nothing wrong when both sides agree', () => {
    expect(checkInvariants(clean())).toEqual([]);
  });

  it('1: flag money at a provider that our payment says it never took, and a paid order we lost', () => {
    const e = clean();
    (e.orders[1] as ProviderOrder).state = 'captured';
    expect(found(e)).toEqual([[1, 'pay_B']]);
    const lost = clean();
    lost.payments = [canceledTcc()];
    lost.handedOut = ['pay_B'];
    expect(found(lost)).toEqual([[1, null]]);
  });

  it('1: find a TCC order by its tag when our payment never stored its orderId', () => {
    const e = clean();
    (e.payments[1] as ObservedPayment).providerRefs = {};
    (e.payments[1] as ObservedPayment).status = 'needs_review';
    (e.payments[1] as ObservedPayment).events.push(
      ev('canceled', 'needs_review', 'reconciler', { reason: 'paid_after_cancel' }),
    );
    (e.orders[1] as ProviderOrder).state = 'captured';
    expect(found(e)).toEqual([]);
  });

  it('1: flag an order charged twice, a payment we call paid whose order was reversed, and a vanished payment', () => {
    const twice = clean();
    twice.orders.push({ ...partlyRefundedOrder(), ref: '7800000000000002', paymentId: 'pay_C', refunded: 0 });
    expect(found(twice)).toContainEqual([1, null]);
    const reversed = clean();
    (reversed.orders[0] as ProviderOrder).state = 'closed';
    expect(found(reversed)).toContainEqual([1, 'pay_A']);
    const vanished = clean();
    vanished.handedOut.push('pay_Z');
    expect(found(vanished)).toEqual([[1, 'pay_Z']]);
  });

  it('2: flag refunds beyond the payment and a provider total that differs from ours outside review', () => {
    const e = clean();
    (e.orders[0] as ProviderOrder).refunded = 600;
    expect(found(e)).toEqual([[2, 'pay_A']]);
    (e.payments[0] as ObservedPayment).status = 'needs_review';
    (e.payments[0] as ObservedPayment).events.push(
      ev('partially_refunded', 'needs_review', 'reconciler', { reason: 'provider_disagrees' }),
    );
    expect(found(e)).toEqual([]);
    const over = clean();
    (over.payments[0] as ObservedPayment).refunds.push({ id: 'ref_2', amount: 800, status: 'pending' });
    (over.payments[0] as ObservedPayment).events.push(refundEv('ref_2', 'pending'));
    expect(found(over)).toContainEqual([2, 'pay_A']);
  });

  it('3 and 4: flag a payment left created or pending on a closed order, and a refund left pending', () => {
    const e = clean();
    const p = e.payments[1] as ObservedPayment;
    p.status = 'pending';
    p.events.pop();
    expect(found(e)).toEqual([[3, 'pay_B']]);
    p.status = 'created';
    p.events.pop();
    expect(found(e)).toEqual([[3, 'pay_B']]);
    const refund = clean();
    const a = refund.payments[0] as ObservedPayment;
    a.refunds.push({ id: 'ref_2', amount: 100, status: 'pending' });
    a.events.push(refundEv('ref_2', 'pending'));
    expect(found(refund)).toEqual([[4, 'pay_A']]);
    a.provider = 'zhixiao';
    (refund.orders[0] as ProviderOrder).provider = 'zhixiao';
    expect(found(refund)).toEqual([]);
  });

  it('5: flag a move outside the table, a review without a reason, and a disagreement left without an operator', () => {
    const e = clean();
    (e.payments[1] as ObservedPayment).events.push(ev('canceled', 'pending', 'poller'));
    (e.payments[1] as ObservedPayment).status = 'pending';
    (e.orders[1] as ProviderOrder).state = 'open';
    expect(found(e)).toEqual([[5, 'pay_B']]);
    const reasonless = clean();
    (reasonless.payments[1] as ObservedPayment).events.push(ev('canceled', 'needs_review', 'reconciler'));
    (reasonless.payments[1] as ObservedPayment).status = 'needs_review';
    expect(found(reasonless)).toEqual([[5, 'pay_B']]);
    const left = clean();
    const b = left.payments[1] as ObservedPayment;
    b.events.push(ev('canceled', 'needs_review', 'reconciler', { reason: 'paid_after_cancel' }));
    b.events.push(ev('needs_review', 'canceled', 'reconciler'));
    expect(found(left)).toEqual([[5, 'pay_B']]);
    (b.events.at(-1) as Event).source = 'operator';
    expect(found(left)).toEqual([]);
  });

  it('5: flag a refund settled twice', () => {
    const e = clean();
    (e.payments[0] as ObservedPayment).events.push(refundEv('ref_1', 'failed'));
    expect(found(e)).toContainEqual([5, 'pay_A']);
  });

  it('6: flag a 500 and a 504 from the API and a 500 from the webhook, never a 502 or 503', () => {
    const e = clean();
    e.answers.push(
      { method: 'POST', route: '/v1/payments/{id}/refunds', status: 502, paymentId: 'pay_A' },
      { method: 'POST', route: '/v1/payments', status: 503, paymentId: null },
    );
    expect(found(e)).toEqual([]);
    e.answers.push(
      { method: 'POST', route: '/v1/payments/{id}/refunds', status: 500, paymentId: 'pay_A' },
      { method: 'GET', route: '/v1/payments/{id}', status: 504, paymentId: 'pay_B' },
    );
    e.webhookAnswers.push({ paymentId: 'pay_C', status: 500 }, { paymentId: 'pay_D', status: null });
    expect(found(e)).toEqual([
      [6, 'pay_A'],
      [6, 'pay_B'],
      [6, 'pay_C'],
    ]);
  });
});
