import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifySignatureHeader } from '../../lib/notifications/signature';
import { otherKey, shouqianbaBarcode, useGateway } from '../support/gateway';
import { failSigningSecretReads } from '../support/store-faults';

const gw = useGateway();

interface Received {
  signature: string | undefined;
  raw: string;
  event: {
    id: string;
    type: string;
    paymentId: string;
    from: string | null;
    to: string;
    data: Record<string, unknown>;
  };
}

/** The caller's notification endpoint: records what arrives, failing the first `failures` deliveries. */
const receiver = { url: '', received: [] as Received[], failures: 0 };
const server = createServer(async (req: IncomingMessage, res) => {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const raw = Buffer.concat(chunks).toString('utf8');
  receiver.received.push({ signature: req.headers['paybridge-signature'] as string, raw, event: JSON.parse(raw) });
  if (receiver.failures > 0) {
    receiver.failures--;
    res.writeHead(500).end();
    return;
  }
  res.writeHead(204).end();
});
beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/paybridge-events`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const forPayment = (id: string) => receiver.received.filter((r) => r.event.paymentId === id);

describe('outgoing notifications to notifyUrl', () => {
  it('posts each status change at once, signed with the webhook secret', async () => {
    const res = await gw.request('POST', '/v1/payments', {
      body: shouqianbaBarcode('139900001111222233', { amount: 1000, notifyUrl: receiver.url }),
    });
    const id = res.body.id as string;
    await gw.deliveriesSettled();
    const [paid, ...rest] = forPayment(id);
    expect(rest).toHaveLength(0);
    expect(paid?.event).toMatchObject({ type: 'payment.paid', from: 'created', to: 'paid', paymentId: id });
    const now = Math.floor(Date.now() / 1000);
    const secret = process.env.WEBHOOK_SECRET as string;
    expect(verifySignatureHeader(secret, paid?.raw as string, paid?.signature, now)).toBe(true);
    expect(verifySignatureHeader('another-secret-entirely', paid?.raw as string, paid?.signature, now)).toBe(false);

    await gw.request('POST', `/v1/payments/${id}/refunds`, { body: { amount: 400 } });
    await gw.deliveriesSettled();
    expect(forPayment(id).map((r) => r.event.type)).toEqual([
      'payment.paid',
      'refund.pending',
      'refund.succeeded',
      'payment.partially_refunded',
    ]);
    const events = await gw.request<{ data: { id: string }[] }>('GET', `/v1/payments/${id}/events`);
    expect(forPayment(id).map((r) => r.event.id)).toEqual(events.body.data.slice(1).map((e) => e.id));
  });

  it('retries a failed delivery later with the same event id, from the reconciler', async () => {
    receiver.failures = 1;
    const res = await gw.request('POST', '/v1/payments', {
      body: shouqianbaBarcode('139900001111222233', { notifyUrl: receiver.url }),
    });
    const id = res.body.id as string;
    await gw.deliveriesSettled();
    expect(forPayment(id)).toHaveLength(1);
    // Stand for the retry delay passing: the entry and its index key become due now.
    const past = new Date(Date.now() - 1000).toISOString();
    const stored = await gw.request<{ data: { id: string }[] }>('GET', `/v1/payments/${id}/events`);
    const paidEvent = stored.body.data.at(-1)?.id as string;
    const retry = { eventId: paidEvent, eventType: 'payment.paid', destination: 'notify_url', url: receiver.url };
    await gw.patchStored(id, { outbox: [{ ...retry, attempts: 1, nextAttemptAt: past }], nextCheckAt: past });
    const report = await gw.request('POST', '/v1/reconciliations', { body: {} });
    expect(report.status).toBe(200);
    await gw.deliveriesSettled();
    const deliveries = forPayment(id);
    expect(deliveries).toHaveLength(2);
    expect(deliveries[1]?.event.id).toBe(deliveries[0]?.event.id);
    await gw.request('POST', '/v1/reconciliations', { body: {} });
    await gw.deliveriesSettled();
    expect(forPayment(id)).toHaveLength(2);
  });

  it('sends nothing for a payment without notifyUrl', async () => {
    const before = receiver.received.length;
    await gw.request('POST', '/v1/payments', { body: shouqianbaBarcode('139900001111222233') });
    await gw.deliveriesSettled();
    expect(receiver.received.length).toBe(before);
  });

  it('leaves a delivery that fails on our side (the store) to the queue’s retries, then its dead letters', async () => {
    const restore = await failSigningSecretReads('other');
    let id = '';
    try {
      const res = await gw.request('POST', '/v1/payments', {
        key: otherKey,
        body: shouqianbaBarcode('139900001111222233', { notifyUrl: receiver.url }),
      });
      expect(res.status).toBe(201);
      id = res.body.id as string;
      await gw.deliveriesSettled();
    } finally {
      restore();
    }
    expect(forPayment(id)).toHaveLength(0);
    const dead = gw.gateway.deliveryQueue.deadLetters.map((m) => JSON.parse(m.body));
    expect(dead).toEqual([expect.objectContaining({ paymentId: id, destination: 'notify_url', attempt: 0 })]);
  });
});
