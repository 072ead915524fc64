import { describe, expect, it } from 'vitest';
import { verifySignatureHeader } from '../../lib/notifications/signature';
import { getRuntime } from '../../lib/runtime';
import { otherKey, shouqianbaBarcode, useGateway } from '../support/gateway';
import { useReceiver } from '../support/receiver';

const gw = useGateway();
const receiver = useReceiver();

interface Endpoint {
  id: string;
  url: string;
  events: string[];
  createdAt: string;
  activeFrom: string;
  secret?: string;
}

const register = async (path: string, events: string[] = ['*'], key?: string) => {
  const res = await gw.request<Endpoint>('POST', '/v1/webhook-endpoints', {
    body: { url: `${receiver.url}${path}`, events },
    ...(key ? { key } : {}),
  });
  expect(res.status).toBe(201);
  return res.body;
};
const at = (path: string) => receiver.received.filter((r) => r.path === path);
const now = () => Math.floor(Date.now() / 1000);
const paidNow = async (extra: Record<string, unknown> = {}, key?: string) => {
  const res = await gw.request('POST', '/v1/payments', {
    body: shouqianbaBarcode('139900001111222233', extra),
    ...(key ? { key } : {}),
  });
  expect(res.status).toBe(201);
  return res.body.id as string;
};

describe('webhook endpoints', () => {
  it('shows the secret once and never again, and refuses URLs no notification may go to', async () => {
    const endpoint = await register('/listed', ['payment.paid', 'refund.succeeded', 'payment.paid']);
    expect(endpoint.secret).toMatch(/^whsec_[\w-]{43}$/);
    expect(endpoint.events).toEqual(['payment.paid', 'refund.succeeded']);
    const list = await gw.request<{ data: Endpoint[] }>('GET', '/v1/webhook-endpoints');
    const listed = list.body.data.find((e) => e.id === endpoint.id);
    expect(listed).toEqual({
      id: endpoint.id,
      url: endpoint.url,
      events: endpoint.events,
      createdAt: expect.any(String),
      // npm start runs every route in one process: an endpoint is active at once there.
      activeFrom: endpoint.createdAt,
    });
    expect(JSON.stringify(list.body)).not.toContain('whsec_');

    for (const url of [
      'file:///etc/passwd',
      'javascript:alert(1)',
      'http://169.254.169.254/latest/meta-data/',
      'http://[::ffff:10.0.0.1]/hook',
      'http://user:secret@example.com/hook',
    ]) {
      const refused = await gw.request('POST', '/v1/webhook-endpoints', { body: { url, events: ['*'] } });
      expect(refused.status, url).toBe(400);
      expect(refused.body).toMatchObject({ code: 'validation_error', errors: [{ path: 'url' }] });
      const payment = await gw.request('POST', '/v1/payments', {
        body: shouqianbaBarcode('139900001111222233', { notifyUrl: url }),
      });
      expect(payment.status, url).toBe(400);
      expect(payment.body).toMatchObject({ code: 'validation_error', errors: [{ path: 'notifyUrl' }] });
    }
    const badEvents = await gw.request('POST', '/v1/webhook-endpoints', {
      body: { url: `${receiver.url}/x`, events: ['payment.created'] },
    });
    expect(badEvents.status).toBe(400);
  });

  it('delivers each subscribed event signed with the endpoint’s own secret, with the tenant in the body', async () => {
    const all = await register('/all');
    const refundsOnly = await register('/refunds', ['refund.succeeded']);
    const id = await paidNow();
    await gw.request('POST', `/v1/payments/${id}/refunds`, { body: { amount: 100 } });
    await gw.deliveriesSettled();
    const got = at('/all').filter((r) => r.event.paymentId === id);
    // Deliveries are not ordered (a receiver orders by the event's `at`), so compare the set.
    expect(got.map((r) => r.event.type).sort()).toEqual([
      'payment.paid',
      'payment.partially_refunded',
      'refund.pending',
      'refund.succeeded',
    ]);
    for (const r of got) {
      expect(r.event.tenantId).toBe('demo');
      expect(verifySignatureHeader(all.secret as string, r.raw, r.signature, now())).toBe(true);
      expect(verifySignatureHeader(refundsOnly.secret as string, r.raw, r.signature, now())).toBe(false);
    }
    const refunds = at('/refunds').filter((r) => r.event.paymentId === id);
    expect(refunds.map((r) => r.event.type)).toEqual(['refund.succeeded']);
    expect(
      verifySignatureHeader(refundsOnly.secret as string, refunds[0]?.raw as string, refunds[0]?.signature, now()),
    ).toBe(true);
    await gw.request('DELETE', `/v1/webhook-endpoints/${all.id}`);
    await gw.request('DELETE', `/v1/webhook-endpoints/${refundsOnly.id}`);
  });

  it('signs with the old and the new secret for a day after a rotation, so receivers holding either accept', async () => {
    const endpoint = await register('/rotating', ['payment.paid']);
    const rotated = await gw.request<{ id: string; secret: string; previousSecretExpiresAt: string }>(
      'POST',
      `/v1/webhook-endpoints/${endpoint.id}/rotate`,
      { body: {} },
    );
    expect(rotated.status).toBe(200);
    expect(rotated.body.id).toBe(endpoint.id);
    expect(rotated.body.secret).not.toBe(endpoint.secret);
    const overlap = Date.parse(rotated.body.previousSecretExpiresAt) - Date.now();
    expect(overlap).toBeGreaterThan(23.9 * 3600_000);
    expect(overlap).toBeLessThanOrEqual(24 * 3600_000);

    const id = await paidNow();
    await gw.deliveriesSettled();
    const [event] = at('/rotating').filter((r) => r.event.paymentId === id);
    expect(event?.signature?.split(',')).toHaveLength(3);
    expect(verifySignatureHeader(endpoint.secret as string, event?.raw as string, event?.signature, now())).toBe(true);
    expect(verifySignatureHeader(rotated.body.secret, event?.raw as string, event?.signature, now())).toBe(true);
    expect(verifySignatureHeader('whsec_someone_else_entirely', event?.raw as string, event?.signature, now())).toBe(
      false,
    );
    await gw.request('DELETE', `/v1/webhook-endpoints/${endpoint.id}`);
  });

  it('keeps each tenant’s endpoints its own: another tenant cannot see, rotate or delete them, nor reach them', async () => {
    const endpoint = await register('/tenant-a');
    const theirs = await gw.request<{ data: Endpoint[] }>('GET', '/v1/webhook-endpoints', { key: otherKey });
    expect(theirs.body.data.map((e) => e.id)).not.toContain(endpoint.id);
    const rotate = await gw.request('POST', `/v1/webhook-endpoints/${endpoint.id}/rotate`, { body: {}, key: otherKey });
    expect(rotate.status).toBe(404);
    const remove = await gw.request('DELETE', `/v1/webhook-endpoints/${endpoint.id}`, { key: otherKey });
    expect(remove.status).toBe(404);
    await paidNow({}, otherKey);
    await gw.deliveriesSettled();
    expect(at('/tenant-a').filter((r) => r.event.tenantId !== 'demo')).toEqual([]);

    expect((await gw.request('DELETE', `/v1/webhook-endpoints/${endpoint.id}`)).status).toBe(204);
    expect((await gw.request('DELETE', `/v1/webhook-endpoints/${endpoint.id}`)).status).toBe(404);
  });

  it('signs a payment’s notifyUrl with its tenant’s own secret, so another tenant’s receiver refuses it', async () => {
    const rt = await getRuntime();
    const other = await rt.signingSecrets.rotate('other');
    const [demoSecret] = await rt.signingSecrets.secrets('demo');
    const id = await paidNow({ notifyUrl: `${receiver.url}/tenant-b-receiver` });
    await gw.deliveriesSettled();
    const [event] = at('/tenant-b-receiver').filter((r) => r.event.paymentId === id);
    expect(event?.event).toMatchObject({ type: 'payment.paid', tenantId: 'demo', paymentId: id });
    expect(verifySignatureHeader(demoSecret as string, event?.raw as string, event?.signature, now())).toBe(true);
    expect(verifySignatureHeader(other.secret, event?.raw as string, event?.signature, now())).toBe(false);
  });

  it('answers a create at once while the receiver hangs, and records the attempt that timed out', async () => {
    const endpoint = await register('/hang', ['payment.paid']);
    const started = performance.now();
    const id = await paidNow({ notifyUrl: `${receiver.url}/hang/notify-url` });
    const ms = performance.now() - started;
    expect(ms).toBeLessThan(1000);
    await gw.deliveriesSettled();
    const deliveries = await gw.request<{ data: { eventType: string; deliveries: Record<string, unknown>[] }[] }>(
      'GET',
      `/v1/payments/${id}/deliveries`,
    );
    expect(deliveries.status).toBe(200);
    expect(deliveries.body.data).toHaveLength(1);
    expect(deliveries.body.data[0]?.eventType).toBe('payment.paid');
    const byDestination = Object.fromEntries(
      (deliveries.body.data[0]?.deliveries ?? []).map((d) => [d.destination as string, d]),
    );
    for (const destination of ['notify_url', endpoint.id]) {
      expect(byDestination[destination]).toMatchObject({
        state: 'pending',
        attempts: 1,
        lastStatus: null,
        lastError: 'no answer within 5000 ms',
        nextAttemptAt: expect.any(String),
        finishedAt: null,
      });
    }
    expect((await gw.request('GET', `/v1/payments/${id}/deliveries`, { key: otherKey })).status).toBe(404);
    await gw.request('DELETE', `/v1/webhook-endpoints/${endpoint.id}`);
  });
});

describe('a tenant created through the admin API', () => {
  it('gets a signing secret at creation, shown once, that signs its payments’ notifyUrl events; rotation overlaps', async () => {
    const admin = { key: gw.gateway.adminKey };
    const id = `signer-${Date.now().toString(36)}`;
    const created = await gw.request<{ signingSecret: string }>('POST', '/v1/admin/tenants', {
      ...admin,
      body: { id, name: id },
    });
    expect(created.body.signingSecret).toMatch(/^whsec_/);
    const shown = await gw.request('GET', `/v1/admin/tenants/${id}`, admin);
    expect(JSON.stringify(shown.body)).not.toContain(created.body.signingSecret);
    await gw.request('PUT', `/v1/admin/tenants/${id}/accounts/shouqianba`, {
      ...admin,
      body: {
        baseUrl: gw.sandboxUrl,
        terminalSn: '100000330010000001',
        terminalKey: 'sandbox-terminal-key-0123456789ab',
      },
    });
    const key = (
      await gw.request<{ key: string }>('POST', `/v1/admin/tenants/${id}/keys`, {
        ...admin,
        body: { scopes: ['payments:write'] },
      })
    ).body.key;
    const rotated = await gw.request<{ secret: string }>(
      'POST',
      `/v1/admin/tenants/${id}/signing-secret/rotate`,
      admin,
    );
    await paidNow({ notifyUrl: `${receiver.url}/${id}` }, key);
    await gw.deliveriesSettled();
    const [event] = at(`/${id}`);
    expect(JSON.parse(event?.raw as string)).toMatchObject({ tenantId: id, type: 'payment.paid' });
    for (const secret of [created.body.signingSecret, rotated.body.secret]) {
      expect(verifySignatureHeader(secret, event?.raw as string, event?.signature, now())).toBe(true);
    }
  });
});
