import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { keyringSecretBox, rawAesKeyring } from '../../../lib/crypto/secret-box';
import { newId } from '../../../lib/domain/ids';
import type { Payment } from '../../../lib/domain/payment';
import { transition } from '../../../lib/domain/transition';
import { type DeliveryJob, jobOf } from '../../../lib/notifications/delivery-queue';
import { EndpointPresence } from '../../../lib/notifications/endpoint-presence';
import type { DeliveryResult } from '../../../lib/notifications/notifier';
import { verifySignatureHeader } from '../../../lib/notifications/signature';
import { type DeliveryDeps, deliverNotification, retryDelaysMs } from '../../../lib/payments/deliver-notifications';
import { reconcile } from '../../../lib/payments/reconcile';
import { PaymentsRepository } from '../../../lib/store/payments-repository';
import { SigningSecretStore } from '../../../lib/store/signing-secrets';
import { WebhookEndpointStore } from '../../../lib/store/webhook-endpoints';
import { useTable } from '../../support/dynamo';
import { samplePayment } from '../../support/payments';
import { depsWith, stubProvider } from '../../support/stub-provider';

const table = useTable();
const box = keyringSecretBox(rawAesKeyring(randomBytes(32)));
let now = new Date('2026-03-01T00:00:00.000Z');
const clock = () => now;

/** A notifier stub answering from a script, recording what it was asked to send. */
const scripted = (...answers: DeliveryResult[]) => {
  const sent: { url: string; body: string; signature: string }[] = [];
  return {
    sent,
    send: async (url: string, body: string, signature: string) => {
      sent.push({ url, body, signature });
      return answers[Math.min(sent.length - 1, answers.length - 1)] as DeliveryResult;
    },
  };
};

const setup = async (notifier: ReturnType<typeof scripted>) => {
  const repo = new PaymentsRepository(table.db, table.tableName, clock);
  const endpoints = new WebhookEndpointStore(table.db, table.tableName, box, clock);
  const signingSecrets = new SigningSecretStore(table.db, table.tableName, box, clock);
  const presence = new EndpointPresence(
    (tenantId) => endpoints.list(tenantId),
    () => clock().getTime(),
  );
  repo.hasEndpoints = (tenantId) => presence.has(tenantId);
  const queued: DeliveryJob[] = [];
  repo.afterWrite = async (p, added) => {
    queued.push(...added.map((e) => jobOf(p, e)));
  };
  // Only the reconciler asks a provider anything here, and only whether its answers settle refunds.
  const deps: DeliveryDeps = { ...depsWith(repo, stubProvider()), notifier, endpoints, signingSecrets, clock };
  return { deps, repo, endpoints, signingSecrets, queued };
};

/** A pending payment of a fresh tenant, then paid: the write that adds `payment.paid` and its outbox entries. */
const paidPayment = async (repo: PaymentsRepository, over: Partial<Payment> = {}) => {
  const p = samplePayment({ id: newId('pay'), merchantOrderNo: newId('M'), tenantId: newId('t'), ...over });
  await repo.insert(p);
  return repo.mutate(p.id, (cur) => transition(cur, { to: 'paid', source: 'poller', at: clock().toISOString() }));
};

/** Runs every queued job of the payment in order, including those the runs themselves queue (a fan-out's). */
const drain = async (deps: DeliveryDeps, queued: DeliveryJob[], paymentId: string) => {
  for (let i = 0; i < queued.length; i++) {
    const job = queued[i] as DeliveryJob;
    if (job.paymentId === paymentId) await deliverNotification(deps, job);
  }
};

const fanOutJob = (queued: DeliveryJob[], paymentId: string) =>
  queued.find((j) => j.paymentId === paymentId && j.destination === 'endpoints') as DeliveryJob;

describe('deliverNotification', () => {
  it('writes the event with one entry for the notifyUrl and one for the endpoints, which the consumer fans out to those registered by then and subscribed', async () => {
    const { deps, repo, endpoints, queued } = await setup(scripted({ ok: true, status: 200 }));
    const tenantId = newId('t');
    const all = await endpoints.create(tenantId, { url: 'https://a.example/hook', events: ['*'] });
    await endpoints.create(tenantId, { url: 'https://b.example/hook', events: ['refund.succeeded'] });
    const paid = await paidPayment(repo, { tenantId, notifyUrl: 'https://caller.example/hook' });
    expect(paid.outbox?.map((e) => [e.destination, e.url, e.eventType])).toEqual([
      ['notify_url', 'https://caller.example/hook', 'payment.paid'],
      ['endpoints', '', 'payment.paid'],
    ]);
    expect(queued.filter((j) => j.paymentId === paid.id)).toHaveLength(2);
    // An endpoint registered after the event does not get it.
    now = new Date(now.getTime() + 1000);
    await endpoints.create(tenantId, { url: 'https://c.example/hook', events: ['*'] });

    await deliverNotification(deps, fanOutJob(queued, paid.id));
    const stored = (await repo.get(paid.id)) as Payment;
    expect(stored.outbox?.map((e) => [e.destination, e.url, e.eventType])).toEqual([
      ['notify_url', 'https://caller.example/hook', 'payment.paid'],
      [all.endpoint.id, 'https://a.example/hook', 'payment.paid'],
    ]);
    expect(queued.filter((j) => j.paymentId === paid.id).map((j) => j.destination)).toEqual([
      'notify_url',
      'endpoints',
      all.endpoint.id,
    ]);
    // The same fan-out job again, and a later write, hand nothing more over.
    await deliverNotification(deps, fanOutJob(queued, paid.id));
    await repo.mutate(paid.id, (cur) => ({ ...cur, reconciledAt: clock().toISOString() }));
    expect(queued.filter((j) => j.paymentId === paid.id)).toHaveLength(3);
  });

  it('fans out to an endpoint only the events from its activeFrom on (30 s after registration in AWS)', async () => {
    const { deps, repo, queued } = await setup(scripted({ ok: true, status: 200 }));
    const delayed = new WebhookEndpointStore(table.db, table.tableName, box, clock, 30_000);
    const tenantId = newId('t');
    const { endpoint } = await delayed.create(tenantId, { url: 'https://a.example/hook', events: ['*'] });
    expect(Date.parse(endpoint.activeFrom) - Date.parse(endpoint.createdAt)).toBe(30_000);
    const early = await paidPayment(repo, { tenantId });
    now = new Date(now.getTime() + 30_000);
    const late = await paidPayment(repo, { tenantId });
    for (const p of [early, late]) await deliverNotification(deps, fanOutJob(queued, p.id));
    const destinations = async (id: string) => ((await repo.get(id)) as Payment).outbox?.map((e) => e.destination);
    expect(await destinations(early.id)).toEqual([]);
    expect(await destinations(late.id)).toEqual([endpoint.id]);
  });

  it('adds no endpoints entry for a tenant without endpoints, so nothing is queued or fanned out', async () => {
    const notifier = scripted({ ok: true, status: 200 });
    const { repo, queued } = await setup(notifier);
    const paid = await paidPayment(repo);
    expect(paid.outbox ?? []).toEqual([]);
    expect(queued.filter((j) => j.paymentId === paid.id)).toEqual([]);
  });

  it('drops the endpoints entry without a trace when the endpoints are gone by the fan-out', async () => {
    const notifier = scripted({ ok: true, status: 200 });
    const { deps, repo, endpoints, queued } = await setup(notifier);
    const tenantId = newId('t');
    const { endpoint } = await endpoints.create(tenantId, { url: 'https://a.example/hook', events: ['*'] });
    const paid = await paidPayment(repo, { tenantId });
    await endpoints.delete(tenantId, endpoint.id);
    await drain(deps, queued, paid.id);
    const stored = (await repo.get(paid.id)) as Payment;
    expect(stored.outbox).toEqual([]);
    expect(stored.deliveries ?? []).toEqual([]);
    expect(notifier.sent).toEqual([]);
  });

  it('signs with the tenant’s secret or the endpoint’s own, and records a delivery per destination', async () => {
    const notifier = scripted({ ok: true, status: 204 });
    const { deps, repo, endpoints, signingSecrets, queued } = await setup(notifier);
    const tenantId = newId('t');
    const { endpoint, secret } = await endpoints.create(tenantId, { url: 'https://a.example/hook', events: ['*'] });
    await signingSecrets.setSigningSecret(tenantId, 'whsec_tenant_secret_0123456789');
    const paid = await paidPayment(repo, { tenantId, notifyUrl: 'https://caller.example/hook' });
    await drain(deps, queued, paid.id);
    const [toCaller, toEndpoint] = notifier.sent.slice(-2);
    const seconds = Math.floor(now.getTime() / 1000);
    expect(JSON.parse(toCaller?.body as string)).toMatchObject({ type: 'payment.paid', tenantId, paymentId: paid.id });
    expect(
      verifySignatureHeader('whsec_tenant_secret_0123456789', toCaller?.body as string, toCaller?.signature, seconds),
    ).toBe(true);
    expect(verifySignatureHeader(secret, toEndpoint?.body as string, toEndpoint?.signature, seconds)).toBe(true);
    expect(verifySignatureHeader(secret, toCaller?.body as string, toCaller?.signature, seconds)).toBe(false);
    const stored = (await repo.get(paid.id)) as Payment;
    expect(stored.outbox).toEqual([]);
    expect(stored.deliveries?.map((d) => [d.destination, d.state, d.attempts, d.lastStatus])).toEqual([
      ['notify_url', 'delivered', 1, 204],
      [endpoint.id, 'delivered', 1, 204],
    ]);
  });

  it('retries a failed attempt on the backoff schedule, drops a stale job, and gives up after the last retry', async () => {
    const notifier = scripted({ ok: false, status: 503 });
    const { deps, repo, signingSecrets } = await setup(notifier);
    const paid = await paidPayment(repo, { notifyUrl: 'https://caller.example/hook' });
    await signingSecrets.setSigningSecret(paid.tenantId, 'whsec_tenant_secret_0123456789');
    const job = jobOf(paid, paid.outbox?.[0] as never);
    await deliverNotification(deps, job);
    let stored = (await repo.get(paid.id)) as Payment;
    const retry = stored.outbox?.find((e) => e.destination === 'notify_url');
    expect(retry).toMatchObject({ attempts: 1, lastStatus: 503, lastError: null });
    expect(Date.parse(retry?.nextAttemptAt as string) - now.getTime()).toBe(retryDelaysMs[0]);
    const sends = notifier.sent.length;
    await deliverNotification(deps, job); // the same attempt again: already recorded
    expect(notifier.sent.length).toBe(sends);
    for (let attempt = 1; attempt <= retryDelaysMs.length; attempt++) {
      await deliverNotification(deps, { ...job, attempt });
    }
    stored = (await repo.get(paid.id)) as Payment;
    expect(stored.outbox?.filter((e) => e.destination === 'notify_url')).toEqual([]);
    expect(stored.deliveries?.[0]).toMatchObject({ state: 'abandoned', attempts: retryDelaysMs.length + 1 });
    expect(stored.events.at(-1)).toMatchObject({
      type: 'notification.abandoned',
      data: { destination: 'notify_url', attempts: retryDelaysMs.length + 1, reason: 'retries_spent' },
    });
  });

  it('gives up the deliveries of an endpoint deleted after the fan-out, without sending', async () => {
    const notifier = scripted({ ok: true, status: 200 });
    const { deps, repo, endpoints, queued } = await setup(notifier);
    const tenantId = newId('t');
    const { endpoint } = await endpoints.create(tenantId, { url: 'https://a.example/hook', events: ['*'] });
    const paid = await paidPayment(repo, { tenantId });
    await deliverNotification(deps, fanOutJob(queued, paid.id));
    await endpoints.delete(tenantId, endpoint.id);
    const sends = notifier.sent.length;
    await drain(deps, queued, paid.id);
    expect(notifier.sent.length).toBe(sends);
    const stored = (await repo.get(paid.id)) as Payment;
    expect(stored.deliveries?.[0]).toMatchObject({ state: 'abandoned', lastError: 'the webhook endpoint was deleted' });
  });

  it('makes the reconciler queue due deliveries again without sending anything itself', async () => {
    const notifier = scripted({ ok: true, status: 200 });
    const { deps, repo } = await setup(notifier);
    const paid = await paidPayment(repo, { notifyUrl: 'https://caller.example/hook' });
    const requeued: DeliveryJob[] = [];
    const sends = notifier.sent.length;
    now = new Date(now.getTime() + 2 * 60_000);
    await reconcile(
      { ...deps, deliveryQueue: { enqueue: async (jobs) => void requeued.push(...jobs) } },
      paid.tenantId,
    );
    expect(requeued).toEqual((paid.outbox ?? []).map((e) => jobOf(paid, e)));
    expect(requeued.map((j) => j.destination)).toEqual(['notify_url']);
    expect(notifier.sent.length).toBe(sends);
  });
});
