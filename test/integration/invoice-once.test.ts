import { afterEach, describe, expect, it } from 'vitest';
import { useGateway, zhixiaoPayment } from '../support/gateway';

const gw = useGateway();

type Payment = { id: string; providerRefs: { orderId: string } };
const invoice = { payerType: 'personal', payerName: '小明', phone: '13000000000' };

/** A Zhixiao payment paid at the sandbox. */
const paidPayment = async (): Promise<Payment> => {
  const created = await gw.request<Payment>('POST', '/v1/payments', { body: zhixiaoPayment() });
  await gw.sandboxControl(`/sandbox/zhixiao/orders/${created.body.providerRefs.orderId}/pay`);
  await gw.waitFor(created.body.id, (p) => p.status === 'paid', 2_000);
  return created.body;
};
const requestInvoice = (id: string) => gw.request('POST', `/v1/payments/${id}/invoice`, { body: invoice });
const sandboxOrder = (p: Payment) => gw.gateway.sandbox?.zhixiao?.book.orders.get(p.id);
const invoiceEvents = async (id: string) =>
  (await gw.request<{ data: { type: string }[] }>('GET', `/v1/payments/${id}/events`)).body.data
    .map((e) => e.type)
    .filter((t) => t.startsWith('invoice.'));

afterEach(async () => {
  await gw.sandboxControl('/sandbox/zhixiao/faults', {});
});

describe('a payment gets one invoice', () => {
  it('lets exactly one of three concurrent invoice requests reach Zhixiao; the others answer 409', async () => {
    const p = await paidPayment();
    await gw.sandboxControl('/sandbox/zhixiao/faults', { latencyMs: 300 });
    const answers = await Promise.all([requestInvoice(p.id), requestInvoice(p.id), requestInvoice(p.id)]);
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409]);
    expect(answers.filter((a) => a.status === 409).map((a) => a.body.code)).toEqual(['invalid_state', 'invalid_state']);
    expect(gw.zhixiaoCalls(p.id, 'invoice')).toHaveLength(1);
    expect(await invoiceEvents(p.id)).toEqual(['invoice.requested', 'invoice.issued']);
  });

  it('frees the payment for another try when Zhixiao refuses the invoice', async () => {
    const p = await paidPayment();
    const order = sandboxOrder(p);
    if (!order) throw new Error('no sandbox order');
    order.invoiced = true;
    const refused = await requestInvoice(p.id);
    expect(refused).toMatchObject({ status: 502, body: { code: 'provider_error' } });
    order.invoiced = false;
    expect((await requestInvoice(p.id)).status).toBe(201);
    expect(gw.zhixiaoCalls(p.id, 'invoice')).toHaveLength(2);
    expect(await invoiceEvents(p.id)).toEqual([
      'invoice.requested',
      'invoice.failed',
      'invoice.requested',
      'invoice.issued',
    ]);
  });

  it('never asks twice after an answer that was lost: the invoice may exist', async () => {
    const p = await paidPayment();
    await gw.sandboxControl('/sandbox/zhixiao/faults', { timeoutRate: 1 });
    const lost = await requestInvoice(p.id);
    expect(lost).toMatchObject({ status: 502, body: { code: 'provider_error' } });
    expect(sandboxOrder(p)?.invoiced).toBe(true);
    await gw.sandboxControl('/sandbox/zhixiao/faults', {});
    const again = await requestInvoice(p.id);
    expect(again).toMatchObject({ status: 409, body: { code: 'invalid_state' } });
    expect(gw.zhixiaoCalls(p.id, 'invoice')).toHaveLength(1);
  });
});
