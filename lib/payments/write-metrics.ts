import type { Payment, PaymentEvent } from '../domain/payment';
import { countForService, publishWith, units } from '../metrics';
import { type MetricName, metricNames } from '../metrics-names';
import { deliveryKey } from '../notifications/routing';

/** The status events counted per provider, by the metric each counts in. */
const statusCounts: Readonly<Record<string, MetricName>> = {
  'payment.created': metricNames.paymentsCreated,
  'payment.paid': metricNames.paymentsPaid,
  'payment.failed': metricNames.paymentsFailed,
  'payment.canceled': metricNames.paymentsCanceled,
};

/**
 * Milliseconds from when the provider says the payer paid to the `payment.paid` event that recorded it; undefined
 * when that says nothing of detection: an operator's resolve, or a provider that gave no time (then `paidAt` is
 * the event's own time).
 */
const detectionLatencyMs = (p: Payment, paid: PaymentEvent): number | undefined => {
  if (paid.source === 'operator' || !p.paidAt || p.paidAt === paid.at) return undefined;
  const ms = Date.parse(paid.at) - Date.parse(p.paidAt);
  // The provider's clock may run ahead of ours: we learned it at once.
  return Number.isNaN(ms) ? undefined : Math.max(0, ms);
};

const reasonOf = (e: PaymentEvent): string => String(e.data.reason ?? 'unknown');

const eventMetrics = (p: Payment, e: PaymentEvent): void => {
  const counted = statusCounts[e.type];
  if (counted) publishWith([{ provider: p.provider }], [{ name: counted, unit: units.count, value: 1 }]);
  if (e.type === 'payment.paid') {
    const ms = detectionLatencyMs(p, e);
    if (ms !== undefined) {
      publishWith(
        [{ provider: p.provider }, { provider: p.provider, source: e.source }],
        [{ name: metricNames.paymentDetectionLatency, unit: units.ms, value: ms }],
      );
    }
  }
  if (e.type === 'payment.needs_review') {
    countForService(metricNames.needsReviewEntered);
    publishWith([{ reason: reasonOf(e) }], [{ name: metricNames.needsReviewEntered, unit: units.count, value: 1 }]);
  }
  if (e.type === 'notification.abandoned') {
    countForService(metricNames.notificationsAbandoned);
    publishWith([{ reason: reasonOf(e) }], [{ name: metricNames.notificationsAbandoned, unit: units.count, value: 1 }]);
  }
};

/** Outbox entries of `after` that `before` held with fewer attempts: a failed attempt with another scheduled. */
const retriedCount = (before: Payment | undefined, after: Payment): number => {
  const attempts = new Map((before?.outbox ?? []).map((e) => [deliveryKey(e), e.attempts]));
  return (after.outbox ?? []).filter((e) => e.attempts > (attempts.get(deliveryKey(e)) ?? e.attempts)).length;
};

/**
 * What one stored write of a payment tells operations, read from what the write added: its status events (counts
 * per provider, detection latency, needs_review entries) and its notification bookkeeping (delivered, retried,
 * abandoned). `before` is the payment the write replaced, undefined for an insert.
 */
export const recordWriteMetrics = (before: Payment | undefined, after: Payment): void => {
  for (const e of after.events.slice(before?.events.length ?? 0)) eventMetrics(after, e);
  const delivered = (after.deliveries ?? [])
    .slice(before?.deliveries?.length ?? 0)
    .filter((d) => d.state === 'delivered').length;
  if (delivered) countForService(metricNames.notificationsDelivered, delivered);
  const retried = retriedCount(before, after);
  if (retried) countForService(metricNames.notificationsRetried, retried);
};
