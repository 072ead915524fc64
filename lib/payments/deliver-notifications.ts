import type { DeliveryRecord, OutboxEntry, Payment } from '../domain/payment';
import { appendEvent } from '../domain/transition';
import type { DeliveryJob } from '../notifications/delivery-queue';
import type { DeliveryResult, Notifier } from '../notifications/notifier';
import { deliveryKey, endpointEntries } from '../notifications/routing';
import { signatureHeader } from '../notifications/signature';
import type { SigningSecretStore } from '../store/signing-secrets';
import type { WebhookEndpointStore } from '../store/webhook-endpoints';
import { nowIso, type PaymentDeps } from './deps';

/** Waits after each failed attempt; together they retry for more than 24 hours, then give up. */
export const retryDelaysMs = [30, 120, 600, 1800, 3600, 7200, 14_400, 28_800, 43_200].map((s) => s * 1000);

export interface DeliveryDeps extends PaymentDeps {
  notifier: Notifier;
  endpoints: Pick<WebhookEndpointStore, 'withSecrets' | 'list'>;
  signingSecrets: Pick<SigningSecretStore, 'secrets'>;
}

/** What a receiver gets: the event as `GET /v1/payments/{id}/events` shows it, with its tenant. */
export const notificationBody = (p: Payment, eventId: string): string | undefined => {
  const event = p.events.find((e) => e.id === eventId);
  return event ? JSON.stringify({ ...event, tenantId: p.tenantId }) : undefined;
};

const sameDelivery = (job: DeliveryJob) => (e: OutboxEntry) =>
  deliveryKey(e) === deliveryKey(job) && e.attempts === job.attempt;

const finish = (e: OutboxEntry, state: DeliveryRecord['state'], at: string): DeliveryRecord => {
  const { nextAttemptAt, ...rest } = e;
  return { ...rest, state, finishedAt: at };
};

/**
 * Records one attempt's result on its outbox entry: delivered, retried after the next backoff step, or given up
 * (retries spent, or the endpoint is gone) with a `notification.abandoned` event. Nothing changes if the entry
 * has moved on meanwhile (another attempt recorded first).
 */
const record = (deps: DeliveryDeps, job: DeliveryJob, result: DeliveryResult | 'endpoint_deleted') =>
  deps.repo.mutate(job.paymentId, (cur) => {
    const entry = cur.outbox?.find(sameDelivery(job));
    if (!entry) return cur;
    const at = nowIso(deps);
    const outbox = (cur.outbox ?? []).filter((e) => e !== entry);
    if (result === 'endpoint_deleted') {
      const gone = { ...entry, lastError: 'the webhook endpoint was deleted' };
      return abandon({ ...cur, outbox }, gone, at, 'endpoint_deleted');
    }
    const tried = {
      ...entry,
      attempts: entry.attempts + 1,
      lastStatus: result.status ?? null,
      lastError: result.error ?? null,
    };
    if (result.ok) return { ...cur, outbox, deliveries: [...(cur.deliveries ?? []), finish(tried, 'delivered', at)] };
    const delay = retryDelaysMs[entry.attempts];
    if (delay === undefined) return abandon({ ...cur, outbox }, tried, at, 'retries_spent');
    return { ...cur, outbox: [...outbox, { ...tried, nextAttemptAt: new Date(Date.parse(at) + delay).toISOString() }] };
  });

const abandon = (p: Payment, entry: OutboxEntry, at: string, reason: string): Payment => ({
  ...appendEvent(p, {
    type: 'notification.abandoned',
    source: 'api',
    at,
    from: null,
    to: 'abandoned',
    data: { eventId: entry.eventId, destination: entry.destination, attempts: entry.attempts, reason },
  }),
  deliveries: [...(p.deliveries ?? []), finish(entry, 'abandoned', at)],
});

/**
 * Replaces the event's `endpoints` entry with one entry per webhook endpoint of the tenant that was registered by the
 * event's time and subscribes to its type, in one write; the write hands the new entries to the queue. The endpoints
 * are read here, by the consumer, so that no write on a caller's request has to read them. A tenant without endpoints
 * just loses the entry.
 */
const fanOutToEndpoints = async (deps: DeliveryDeps, p: Payment, job: DeliveryJob): Promise<void> => {
  const event = p.events.find((e) => e.id === job.eventId);
  const endpoints = event ? await deps.endpoints.list(p.tenantId) : [];
  await deps.repo.mutate(p.id, (cur) => {
    const entry = cur.outbox?.find(sameDelivery(job));
    if (!entry) return cur;
    const outbox = (cur.outbox ?? []).filter((e) => e !== entry);
    const known = new Set(outbox.map(deliveryKey));
    const added = event ? endpointEntries(event, endpoints).filter((e) => !known.has(deliveryKey(e))) : [];
    return { ...cur, outbox: [...outbox, ...added] };
  });
};

/**
 * One delivery attempt, as the delivery queue's consumer runs it: read the outbox entry, sign the event with the
 * destination's secrets (an endpoint's own; the tenant's signing secret for a `notifyUrl`), POST it through the
 * notifier, record the result. A job whose entry is done or already past this attempt is dropped. A receiver's
 * failure is recorded and retried on the backoff schedule (the reconciler queues it again when due); only an
 * error of our own (the store) is thrown, for the queue to retry.
 */
export const deliverNotification = async (deps: DeliveryDeps, job: DeliveryJob): Promise<void> => {
  const p = await deps.repo.get(job.paymentId);
  const entry = p?.tenantId === job.tenantId ? p.outbox?.find(sameDelivery(job)) : undefined;
  if (!p || !entry) return;
  if (entry.destination === 'endpoints') return fanOutToEndpoints(deps, p, job);
  let secrets: string[];
  if (entry.destination === 'notify_url') {
    secrets = await deps.signingSecrets.secrets(p.tenantId);
  } else {
    const endpoint = await deps.endpoints.withSecrets(p.tenantId, entry.destination);
    if (!endpoint) {
      await record(deps, job, 'endpoint_deleted');
      return;
    }
    secrets = endpoint.secrets;
  }
  const body = notificationBody(p, entry.eventId);
  const result: DeliveryResult = !body
    ? { ok: false, error: 'the event is missing from the payment' }
    : !secrets.length
      ? { ok: false, error: 'the tenant has no signing secret' }
      : await deps.notifier.send(
          entry.url,
          body,
          signatureHeader(secrets, body, Math.floor(deps.clock().getTime() / 1000)),
        );
  await record(deps, job, result);
};
