import { describe, expect, it } from 'vitest';
import { shouqianbaBarcode, useGateway } from '../support/gateway';

const gw = useGateway();

const paidPayment = async (amount: number) => {
  const res = await gw.request('POST', '/v1/payments', { body: shouqianbaBarcode('139900001111222233', { amount }) });
  expect(res.body.status).toBe('paid');
  return res.body.id as string;
};

describe('Shouqianba refunds over HTTP', () => {
  it('takes several partial refunds, each with its own refund_request_no, up to the amount and no further', async () => {
    const id = await paidPayment(1000);
    const first = await gw.request('POST', `/v1/payments/${id}/refunds`, { body: { amount: 300 } });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ status: 'succeeded', amount: 300, paymentId: id });
    expect((await gw.request('GET', `/v1/payments/${id}`)).body).toMatchObject({
      status: 'partially_refunded',
      amountRefunded: 300,
    });

    const second = await gw.request('POST', `/v1/payments/${id}/refunds`, { body: { amount: 200, refundNo: 'R-2' } });
    expect(second.body.status).toBe('succeeded');

    const over = await gw.request('POST', `/v1/payments/${id}/refunds`, { body: { amount: 501 } });
    expect(over.status).toBe(422);
    expect(over.body.code).toBe('refund_exceeds_refundable');

    const rest = await gw.request('POST', `/v1/payments/${id}/refunds`, { body: {} });
    expect(rest.body).toMatchObject({ status: 'succeeded', amount: 500 });
    expect((await gw.request('GET', `/v1/payments/${id}`)).body).toMatchObject({
      status: 'refunded',
      amountRefunded: 1000,
    });

    const calls = gw.shouqianbaCalls(id, 'refund');
    expect(calls.map((c) => c.body.refund_amount)).toEqual(['300', '200', '500']);
    expect(new Set(calls.map((c) => c.body.refund_request_no)).size).toBe(3);
    expect(calls[1]?.body.refund_request_no).toBe('R-2');

    const listed = await gw.request<{ data: unknown[] }>('GET', `/v1/payments/${id}/refunds`);
    expect(listed.body.data).toHaveLength(3);
    const after = await gw.request('POST', `/v1/payments/${id}/refunds`, { body: { amount: 1 } });
    expect(after.status).toBe(409);
  });

  it('lets exactly 3 of 10 concurrent refunds of 300 on a 1000 payment through; the rest get 422', async () => {
    const id = await paidPayment(1000);
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => gw.request('POST', `/v1/payments/${id}/refunds`, { body: { amount: 300 } })),
    );
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(3);
    expect(statuses.filter((s) => s === 422)).toHaveLength(7);
    expect(answers.filter((a) => a.status === 422).every((a) => a.body.code === 'refund_exceeds_refundable')).toBe(
      true,
    );
    const payment = (await gw.request('GET', `/v1/payments/${id}`)).body;
    expect(payment).toMatchObject({ amountRefunded: 900, status: 'partially_refunded' });
    expect(gw.shouqianbaCalls(id, 'refund')).toHaveLength(3);
  });

  it('treats the same refundNo twice as one refund with one provider call', async () => {
    const id = await paidPayment(1000);
    const a = await gw.request('POST', `/v1/payments/${id}/refunds`, { body: { amount: 100, refundNo: 'R-SAME' } });
    const b = await gw.request('POST', `/v1/payments/${id}/refunds`, { body: { amount: 100, refundNo: 'R-SAME' } });
    expect(a.status).toBe(201);
    expect(b.status).toBe(200);
    expect(b.body.id).toBe(a.body.id);
    expect(gw.shouqianbaCalls(id, 'refund')).toHaveLength(1);
    expect((await gw.request('GET', `/v1/payments/${id}`)).body.amountRefunded).toBe(100);
  });

  it('refuses to refund a payment that is not paid, without calling the provider', async () => {
    const res = await gw.request('POST', '/v1/payments', { body: shouqianbaBarcode('120000001111222233') });
    const id = res.body.id as string;
    const refused = await gw.request('POST', `/v1/payments/${id}/refunds`, { body: { amount: 100 } });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('invalid_state');
    expect(gw.shouqianbaCalls(id, 'refund')).toHaveLength(0);
  });

  it('keeps a refund pending (202) when the answer is lost, and reconciliation settles it from net_amount', async () => {
    const id = await paidPayment(1000);
    await gw.sandboxControl('/sandbox/shouqianba/faults', { timeoutRate: 1 });
    const res = await gw.request('POST', `/v1/payments/${id}/refunds`, { body: { amount: 400 } });
    await gw.sandboxControl('/sandbox/shouqianba/faults', {});
    expect(res.status).toBe(202);
    expect(res.body.status).toBe('pending');
    const blocked = await gw.request('POST', `/v1/payments/${id}/refunds`, { body: { amount: 601 } });
    expect(blocked.body.code).toBe('refund_exceeds_refundable');
    const fresh = await gw.request('GET', `/v1/payments/${id}?refresh=true`);
    expect(fresh.body).toMatchObject({ amountRefunded: 400, status: 'partially_refunded' });
    const refunds = await gw.request<{ data: { status: string }[] }>('GET', `/v1/payments/${id}/refunds`);
    expect(refunds.body.data[0]?.status).toBe('succeeded');
  });
});
