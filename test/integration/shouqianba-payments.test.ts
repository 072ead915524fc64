import { describe, expect, it } from 'vitest';
import { shouqianbaBarcode, shouqianbaQr, useGateway } from '../support/gateway';

const gw = useGateway();

describe('Shouqianba payments over HTTP', () => {
  it('pays a 1399 barcode at once and tells the sandbox the exact amount and order number', async () => {
    const res = await gw.request('POST', '/v1/payments', { body: shouqianbaBarcode('139900001111222233') });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'paid', amount: 1999, currency: 'CNY', failure: null });
    expect(res.body.paidAt).toEqual(expect.any(String));
    const [call, ...more] = gw.shouqianbaCalls(res.body.id as string, 'pay');
    expect(more).toHaveLength(0);
    expect(call?.body).toMatchObject({
      client_sn: res.body.id,
      total_amount: '1999',
      dynamic_id: '139900001111222233',
      operator: 'desk-1',
    });
    const events = await gw.request<{ data: { type: string; source: string }[] }>(
      'GET',
      `/v1/payments/${res.body.id}/events`,
    );
    expect(events.body.data.map((e) => e.type)).toEqual(['payment.created', 'payment.paid']);
  });

  it('leaves a 1388 barcode pending and the poller finds it paid', async () => {
    const res = await gw.request('POST', '/v1/payments', { body: shouqianbaBarcode('138800001111222233') });
    expect(res.status).toBe(201);
    expect(res.body.status).toBe('pending');
    const paid = await gw.waitFor(res.body.id as string, (p) => p.status === 'paid');
    expect(paid.status).toBe('paid');
    expect(gw.shouqianbaCalls(res.body.id as string, 'query').length).toBeGreaterThanOrEqual(3);
    const events = await gw.request<{ data: { type: string; source: string }[] }>(
      'GET',
      `/v1/payments/${res.body.id}/events`,
    );
    expect(events.body.data.at(-1)).toMatchObject({ type: 'payment.paid', source: 'poller' });
  });

  it('fails a 1300 barcode with the provider code', async () => {
    const res = await gw.request('POST', '/v1/payments', { body: shouqianbaBarcode('130000001111222233') });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'failed', failure: { code: 'INSUFFICIENT_FUND' } });
  });

  it('sends a 1377 barcode (PAY_FAIL_ERROR) to needs_review, never failed', async () => {
    const res = await gw.request('POST', '/v1/payments', { body: shouqianbaBarcode('137700001111222233') });
    expect(res.status).toBe(201);
    expect(res.body.status).toBe('needs_review');
  });

  it('precreates a QR code that the payer pays in the sandbox', async () => {
    const res = await gw.request('POST', '/v1/payments', { body: shouqianbaQr() });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'pending', action: { type: 'qrcode' } });
    expect(gw.shouqianbaCalls(res.body.id as string, 'precreate')[0]?.body.payway).toBe('3');
    const sn = (res.body.providerRefs as { sn: string }).sn;
    expect((await gw.sandboxControl(`/sandbox/shouqianba/orders/${sn}/pay`)).status).toBe(200);
    const paid = await gw.waitFor(res.body.id as string, (p) => p.status === 'paid');
    expect(paid.status).toBe('paid');
  });

  it('cancels (撤单) an unpaid QR payment at the deadline, with exactly one cancel call', async () => {
    const res = await gw.request('POST', '/v1/payments', { body: shouqianbaQr() });
    const id = res.body.id as string;
    const closed = await gw.waitFor(id, (p) => p.status !== 'pending', 20_000);
    expect(closed).toMatchObject({ status: 'canceled', cancelReason: 'timeout' });
    await gw.gateway.stepFunctions.idle();
    expect(gw.shouqianbaCalls(id, 'cancel')).toHaveLength(1);
  });

  it('lets the caller cancel an unpaid payment once', async () => {
    const res = await gw.request('POST', '/v1/payments', { body: shouqianbaQr() });
    const id = res.body.id as string;
    const canceled = await gw.request('POST', `/v1/payments/${id}/cancel`);
    expect(canceled.status).toBe(200);
    expect(canceled.body).toMatchObject({ status: 'canceled', cancelReason: 'caller' });
    const again = await gw.request('POST', `/v1/payments/${id}/cancel`);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('invalid_state');
    expect(gw.shouqianbaCalls(id, 'cancel')).toHaveLength(1);
  });

  it('refuses to cancel a paid payment without calling the provider', async () => {
    const res = await gw.request('POST', '/v1/payments', { body: shouqianbaBarcode('139900001111222233') });
    const again = await gw.request('POST', `/v1/payments/${res.body.id}/cancel`);
    expect(again.status).toBe(409);
    expect(gw.shouqianbaCalls(res.body.id as string, 'cancel')).toHaveLength(0);
  });

  it('answers 502 and changes nothing when the provider does not answer a refresh', async () => {
    const res = await gw.request('POST', '/v1/payments', { body: shouqianbaBarcode('120000001111222233') });
    await gw.sandboxControl('/sandbox/shouqianba/faults', { errorRate: 1 });
    const refresh = await gw.request('GET', `/v1/payments/${res.body.id}?refresh=true`);
    await gw.sandboxControl('/sandbox/shouqianba/faults', {});
    expect(refresh.status).toBe(502);
    expect(refresh.body.code).toBe('provider_error');
    expect((await gw.request('GET', `/v1/payments/${res.body.id}`)).body.status).toBe('pending');
  });

  it('refreshes from the provider on ?refresh=true', async () => {
    const res = await gw.request('POST', '/v1/payments', { body: shouqianbaBarcode('120000001111222233') });
    const id = res.body.id as string;
    await gw.sandboxControl(`/sandbox/shouqianba/orders/${id}/pay`);
    const fresh = await gw.request('GET', `/v1/payments/${id}?refresh=true`);
    expect(fresh.body.status).toBe('paid');
  });
});

describe('Shouqianba unknown outcomes', () => {
  it('answers a system error (top-level result_code 500) as 502 provider_error, keeping nothing', async () => {
    await gw.sandboxControl('/sandbox/shouqianba/faults', { errorRate: 1 });
    const body = shouqianbaBarcode('139900001111222233');
    const res = await gw.request('POST', '/v1/payments', { body });
    await gw.sandboxControl('/sandbox/shouqianba/faults', {});
    expect(res.status).toBe(502);
    expect(res.body).toMatchObject({ code: 'provider_error', detail: expect.stringContaining('UNKNOWN_SYSTEM_ERROR') });
    const listed = await gw.request<{ data: unknown[] }>('GET', `/v1/payments?merchantOrderNo=${body.merchantOrderNo}`);
    expect(listed.body.data).toHaveLength(0);
    expect((await gw.request('POST', '/v1/payments', { body })).status).toBe(201);
  });

  it('answers 202 when the answer is lost after the provider took the order, and polling finds it paid', async () => {
    await gw.sandboxControl('/sandbox/shouqianba/faults', { timeoutRate: 1 });
    const res = await gw.request('POST', '/v1/payments', { body: shouqianbaBarcode('139900001111222233') });
    await gw.sandboxControl('/sandbox/shouqianba/faults', {});
    expect(res.status).toBe(202);
    expect(res.body.status).toBe('created');
    const settled = await gw.waitFor(res.body.id as string, (p) => p.status !== 'created');
    expect(settled.status).toBe('paid');
  });
});
