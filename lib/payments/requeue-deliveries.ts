import type { OutboxEntry, Payment } from '../domain/payment';
import { type DeliveryQueue, jobOf } from '../notifications/delivery-queue';
import { requeueAt } from '../store/open-index';
import type { PaymentDeps } from './deps';

/** Outbox entries due now: a first attempt the queue missed, or a retry whose time has come. */
export const dueEntries = (p: Payment, now: Date): OutboxEntry[] =>
  (p.outbox ?? []).filter((e) => requeueAt(e) <= now.getTime());

/** Hands the payment's due deliveries to the queue again; the queue's consumer sends them. */
export const requeueDue = async (
  deps: Pick<PaymentDeps, 'clock'> & { deliveryQueue: DeliveryQueue | undefined },
  p: Payment,
): Promise<number> => {
  const due = dueEntries(p, deps.clock());
  if (due.length && deps.deliveryQueue) await deps.deliveryQueue.enqueue(due.map((e) => jobOf(p, e)));
  return due.length;
};
