import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { keyringSecretBox, rawAesKeyring } from '../../../lib/crypto/secret-box';
import { newId } from '../../../lib/domain/ids';
import type { Payment } from '../../../lib/domain/payment';
import { appendEvent, transition } from '../../../lib/domain/transition';
import { flushMetrics } from '../../../lib/metrics';
import { type DeliveryJob, jobOf } from '../../../lib/notifications/delivery-queue';
import type { DeliveryResult } from '../../../lib/notifications/notifier';
import { deliverNotification } from '../../../lib/payments/deliver-notifications';
import { recordWriteMetrics } from '../../../lib/payments/write-metrics';
import { PaymentsRepository } from '../../../lib/store/payments-repository';
import { SigningSecretStore } from '../../../lib/store/signing-secrets';
import { WebhookEndpointStore } from '../../../lib/store/webhook-endpoints';
import { useTable } from '../../support/dynamo';
import { captureEmf } from '../../support/emf';
import { samplePayment } from '../../support/payments';
import { depsWith, stubProvider } from '../../support/stub-provider';

const table = useTable();
const emf = captureEmf();
const now = new Date('2026-03-01T00:00:10.000Z');
const clock = () => now;
const at = now.toISOString();
const service = { service: 'paybridge' };

const observedRepo = () => {
  const repo = new PaymentsRepository(table.db, table.tableName, clock);
  repo.observeWrite = recordWriteMetrics;
  return repo;
};

/** A new payment as a create stores it: `created`, with its `payment.created` event. */
const inserted = async (repo: PaymentsRepository, over: Partial<Payment> = {}) => {
  const p = appendEvent(
    samplePayment({ id: newId('pay'), merchantOrderNo: newId('M'), tenantId: newId('t'), status: 'created', ...over }),
    { type: 'payment.created', source: 'api', at, from: null, to: 'created' },
  );
  await repo.insert(p);
  return p;
};

describe('metrics of payment writes', () => {
  it('counts a created and a paid payment per provider, and how long after the payer paid we knew', async () => {
    const repo = observedRepo();
    const p = await inserted(repo, { provider: 'tcc' });
    await repo.mutate(p.id, (cur) => transition(cur, { to: 'pending', source: 'api', at }));
    await repo.mutate(p.id, (cur) =>
      transition(cur, { to: 'paid', source: 'webhook', at, patch: { paidAt: '2026-03-01T00:00:07.500Z' } }),
    );
    const tcc = { ...service, provider: 'tcc' };
    expect(emf.sums('PaymentsCreated')).toEqual([{ dimensions: tcc, sum: 1 }]);
    expect(emf.sums('PaymentsPaid')).toEqual([{ dimensions: tcc, sum: 1 }]);
    expect(emf.sums('PaymentDetectionLatency')).toEqual([
      { dimensions: tcc, sum: 2500 },
      { dimensions: { ...tcc, source: 'webhook' }, sum: 2500 },
    ]);
    expect(emf.series().find((s) => s.name === 'PaymentDetectionLatency')?.unit).toBe('Milliseconds');
    expect(emf.sums('NeedsReviewEntered')).toEqual([]);
  });

  it('counts failed and canceled payments, and takes no detection latency from a resolve or a paid without a time', async () => {
    const repo = observedRepo();
    const failed = await inserted(repo, { provider: 'zhixiao' });
    await repo.mutate(failed.id, (cur) => transition(cur, { to: 'failed', source: 'poller', at }));
    const canceled = await inserted(repo, { provider: 'zhixiao' });
    await repo.mutate(canceled.id, (cur) => transition(cur, { to: 'canceled', source: 'reconciler', at }));
    const untimed = await inserted(repo, { provider: 'shouqianba' });
    await repo.mutate(untimed.id, (cur) => transition(cur, { to: 'paid', source: 'poller', at }));
    const resolved = await inserted(repo, { provider: 'shouqianba' });
    await repo.mutate(resolved.id, (cur) =>
      transition(cur, { to: 'needs_review', source: 'poller', at, data: { reason: 'pay_unknown' } }),
    );
    await repo.mutate(resolved.id, (cur) =>
      transition(cur, { to: 'paid', source: 'operator', at, patch: { paidAt: '2026-03-01T00:00:00.000Z' } }),
    );
    expect(emf.sums('PaymentsFailed')).toEqual([{ dimensions: { ...service, provider: 'zhixiao' }, sum: 1 }]);
    expect(emf.sums('PaymentsCanceled')).toEqual([{ dimensions: { ...service, provider: 'zhixiao' }, sum: 1 }]);
    expect(emf.sums('PaymentsPaid')).toEqual([{ dimensions: { ...service, provider: 'shouqianba' }, sum: 2 }]);
    expect(emf.sums('PaymentDetectionLatency')).toEqual([]);
  });

  it('counts needs_review entries under `service` alone once the invocation ends, and at once by reason', async () => {
    const repo = observedRepo();
    for (const reason of ['pay_unknown', 'pay_unknown', 'cancel_unknown']) {
      const p = await inserted(repo);
      await repo.mutate(p.id, (cur) => transition(cur, { to: 'needs_review', source: 'poller', at, data: { reason } }));
    }
    expect(emf.sums('NeedsReviewEntered')).toEqual([
      { dimensions: { ...service, reason: 'pay_unknown' }, sum: 2 },
      { dimensions: { ...service, reason: 'cancel_unknown' }, sum: 1 },
    ]);
    flushMetrics();
    expect(emf.sums('NeedsReviewEntered')).toContainEqual({ dimensions: service, sum: 3 });
    expect(emf.series().find((s) => s.name === 'NeedsReviewEntered')).toMatchObject({
      namespace: 'paybridge',
      unit: 'Count',
    });
  });

  it('counts notifications delivered, retried and abandoned from the delivery attempts’ writes', async () => {
    const repo = observedRepo();
    const box = keyringSecretBox(rawAesKeyring(randomBytes(32)));
    const endpoints = new WebhookEndpointStore(table.db, table.tableName, box, clock);
    repo.hasEndpoints = async (tenantId) => (await endpoints.list(tenantId)).length > 0;
    const signingSecrets = new SigningSecretStore(table.db, table.tableName, box, clock);
    const answers: DeliveryResult[] = [
      { ok: false, status: 503 },
      { ok: true, status: 200 },
    ];
    const notifier = { send: async () => answers.shift() as DeliveryResult };
    const deps = { ...depsWith(repo, stubProvider(), now), notifier, endpoints, signingSecrets };
    const tenantId = newId('t');
    await signingSecrets.setSigningSecret(tenantId, 'whsec_tenant_secret_0123456789');
    const { endpoint } = await endpoints.create(tenantId, { url: 'https://a.example/hook', events: ['*'] });
    const p = await inserted(repo, { tenantId, notifyUrl: 'https://caller.example/hook' });
    const paid = await repo.mutate(p.id, (cur) => transition(cur, { to: 'paid', source: 'poller', at }));
    const [toCaller, toEndpoints] = (paid.outbox ?? []).map((e) => jobOf(paid, e)) as [DeliveryJob, DeliveryJob];
    await deliverNotification(deps, toEndpoints);
    const fannedOut = (await repo.get(p.id)) as Payment;
    const toEndpoint = jobOf(fannedOut, fannedOut.outbox?.find((e) => e.destination === endpoint.id) as never);
    await deliverNotification(deps, toCaller);
    await deliverNotification(deps, { ...toCaller, attempt: 1 });
    await endpoints.delete(tenantId, endpoint.id);
    await deliverNotification(deps, toEndpoint);
    flushMetrics();
    expect(emf.sums('NotificationsRetried')).toEqual([{ dimensions: service, sum: 1 }]);
    expect(emf.sums('NotificationsDelivered')).toEqual([{ dimensions: service, sum: 1 }]);
    expect(emf.sums('NotificationsAbandoned')).toEqual([
      { dimensions: { ...service, reason: 'endpoint_deleted' }, sum: 1 },
      { dimensions: service, sum: 1 },
    ]);
  });
});

describe('a metric that fails', () => {
  it('never fails the write it observes: the payment is stored and the caller gets it', async () => {
    const repo = observedRepo();
    const print = console.log;
    let attempts = 0;
    console.log = () => {
      attempts++;
      throw new Error('stdout is gone');
    };
    let paid: Payment;
    try {
      const p = await inserted(repo);
      paid = await repo.mutate(p.id, (cur) => transition(cur, { to: 'paid', source: 'poller', at }));
    } finally {
      console.log = print;
    }
    expect(attempts).toBeGreaterThan(0);
    expect(paid.status).toBe('paid');
    expect((await repo.get(paid.id))?.status).toBe('paid');
  });

  it('never fails a write when the observer itself throws', async () => {
    const repo = new PaymentsRepository(table.db, table.tableName, clock);
    let observed = 0;
    repo.observeWrite = () => {
      observed++;
      throw new Error('observer broke');
    };
    const p = await inserted(repo);
    const paid = await repo.mutate(p.id, (cur) => transition(cur, { to: 'paid', source: 'poller', at }));
    expect(paid.status).toBe('paid');
    expect(observed).toBe(2);
  });
});
