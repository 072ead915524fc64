import { describe, expect, it } from 'vitest';
import { otherKey, shouqianbaBarcode, shouqianbaQr, useGateway } from '../support/gateway';

const gw = useGateway();
const shanghaiToday = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

describe('resolving needs_review', () => {
  it('records a person’s decision as an operator event, only from needs_review and only within the table', async () => {
    const res = await gw.request('POST', '/v1/payments', { body: shouqianbaBarcode('137700001111222233') });
    expect(res.body.status).toBe('needs_review');
    const id = res.body.id as string;
    const bad = await gw.request('POST', `/v1/payments/${id}/resolve`, { body: { status: 'pending', note: 'x' } });
    expect(bad.status).toBe(400);
    const resolved = await gw.request('POST', `/v1/payments/${id}/resolve`, {
      body: { status: 'failed', note: 'Shouqianba support confirmed the reversal' },
    });
    expect(resolved).toMatchObject({ status: 200, body: { status: 'failed' } });
    const events = await gw.request<{ data: { type: string; source: string; data: { note?: string } }[] }>(
      'GET',
      `/v1/payments/${id}/events`,
    );
    expect(events.body.data.at(-1)).toMatchObject({
      type: 'payment.failed',
      source: 'operator',
      data: { note: 'Shouqianba support confirmed the reversal' },
    });
    const again = await gw.request('POST', `/v1/payments/${id}/resolve`, { body: { status: 'paid', note: 'x' } });
    expect(again.status).toBe(409);
    expect(
      (await gw.request('POST', `/v1/payments/${id}/resolve`, { key: otherKey, body: { status: 'paid', note: 'x' } }))
        .status,
    ).toBe(404);
  });
});

describe('daily report', () => {
  it('counts the tenant’s paid, refunded, canceled and needs_review payments of an Asia/Shanghai day, per provider', async () => {
    const paid = await gw.request('POST', '/v1/payments', {
      body: shouqianbaBarcode('139900001111222233', { amount: 1000 }),
    });
    await gw.request('POST', '/v1/payments', { body: shouqianbaBarcode('139900001111222233', { amount: 500 }) });
    await gw.request('POST', `/v1/payments/${paid.body.id}/refunds`, { body: { amount: 300 } });
    const qr = await gw.request('POST', '/v1/payments', { body: shouqianbaQr() });
    await gw.request('POST', `/v1/payments/${qr.body.id}/cancel`);
    await gw.request('POST', '/v1/payments', { body: shouqianbaBarcode('137700001111222233') });

    const today = shanghaiToday();
    const report = await gw.request<{ date: string; providers: Record<string, unknown>[] }>(
      'GET',
      `/v1/reports/daily/${today}`,
    );
    expect(report.status).toBe(200);
    expect(report.body.date).toBe(today);
    expect(report.body.providers.find((p) => p.provider === 'shouqianba')).toEqual({
      provider: 'shouqianba',
      paid: { count: 2, amount: 1500 },
      refunded: { count: 1, amount: 300 },
      canceled: { count: 1 },
      needsReview: { count: 1 },
    });
    const other = await gw.request<{ providers: { paid: { count: number } }[] }>('GET', `/v1/reports/daily/${today}`, {
      key: otherKey,
    });
    expect(other.body.providers.every((p) => p.paid.count === 0)).toBe(true);
    const yesterday = await gw.request<{ providers: { paid: { count: number } }[] }>(
      'GET',
      '/v1/reports/daily/2020-01-01',
    );
    expect(yesterday.body.providers.every((p) => p.paid.count === 0)).toBe(true);
    expect((await gw.request('GET', '/v1/reports/daily/2026-13-45')).status).toBe(400);
    expect((await gw.request('GET', '/v1/reports/daily/2024-02-30')).status).toBe(400);
    expect((await gw.request('GET', '/v1/reports/daily/2024-02-29')).status).toBe(200);
  });
});
