import type { Payment } from '../domain/payment';

/**
 * Each notified event of the payment with its deliveries, one per destination, in event order: pending ones from
 * the outbox (next retry), finished ones (delivered or abandoned) from the delivery record.
 */
export const listDeliveries = (p: Payment) => {
  const rows = [
    // An event's `endpoints` entry is not a delivery: it becomes one per endpoint once the consumer looks them up.
    ...(p.outbox ?? [])
      .filter((e) => e.destination !== 'endpoints')
      .map((e) => ({ ...e, state: 'pending' as const, finishedAt: null })),
    ...(p.deliveries ?? []).map((d) => ({ ...d, nextAttemptAt: null })),
  ];
  return p.events
    .filter((event) => rows.some((r) => r.eventId === event.id))
    .map((event) => ({
      eventId: event.id,
      eventType: event.type,
      deliveries: rows
        .filter((r) => r.eventId === event.id)
        .map((r) => ({
          destination: r.destination,
          url: r.url,
          state: r.state,
          attempts: r.attempts,
          lastStatus: r.lastStatus ?? null,
          lastError: r.lastError ?? null,
          nextAttemptAt: r.nextAttemptAt,
          finishedAt: r.finishedAt,
        })),
    }));
};
