import type { OutboxEntry, Payment } from '../domain/payment';
import { appendEvent } from '../domain/transition';
import type { Notifier } from '../notifications/notifier';
import { nowIso, type PaymentDeps } from './deps';

/** Waits after each failed attempt; together they retry for more than 24 hours (API.md), then give up. */
const retryDelaysMs = [30, 120, 600, 1800, 3600, 7200, 14_400, 28_800, 43_200].map((s) => s * 1000);

export const dueEntries = (p: Payment, now: Date): OutboxEntry[] =>
  (p.outbox ?? []).filter((e) => Date.parse(e.nextAttemptAt) <= now.getTime());

/**
 * Sends the payment's due notifications to its `notifyUrl`, oldest first, each with its own event id on every
 * retry; an acknowledged one leaves the outbox, a failed one is retried later, one failing past the schedule is
 * dropped with a `notification.abandoned` event.
 */
export const deliverNotifications = async (
  deps: PaymentDeps & { notifier: Notifier | undefined },
  paymentId: string,
): Promise<void> => {
  const p = await deps.repo.get(paymentId);
  if (!p?.notifyUrl || !deps.notifier) return;
  const due = dueEntries(p, deps.clock());
  if (!due.length) return;
  const delivered = new Map<string, boolean>();
  for (const entry of due) {
    const event = p.events.find((e) => e.id === entry.eventId);
    delivered.set(entry.eventId, event ? await deps.notifier.send(p.notifyUrl, event) : true);
  }
  await deps.repo.mutate(p.id, (cur) => {
    const at = nowIso(deps);
    let next: Payment = cur;
    const outbox: OutboxEntry[] = [];
    for (const entry of cur.outbox ?? []) {
      const ok = delivered.get(entry.eventId);
      if (ok === undefined) outbox.push(entry);
      if (ok !== false) continue;
      const delay = retryDelaysMs[entry.attempts];
      if (delay === undefined) {
        next = appendEvent(next, {
          type: 'notification.abandoned',
          source: 'api',
          at,
          from: null,
          to: 'abandoned',
          data: { eventId: entry.eventId, attempts: entry.attempts + 1 },
        });
        continue;
      }
      outbox.push({
        ...entry,
        attempts: entry.attempts + 1,
        nextAttemptAt: new Date(Date.parse(at) + delay).toISOString(),
      });
    }
    return { ...next, outbox };
  });
};
