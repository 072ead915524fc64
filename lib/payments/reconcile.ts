import type { Payment } from '../domain/payment';
import { isAwaitingProvider } from '../domain/status';
import type { Notifier } from '../notifications/notifier';
import { needsProviderCheck } from '../store/open-index';
import { expirePayment } from './cancel-payment';
import { deliverNotifications } from './deliver-notifications';
import { nowIso, type PaymentDeps } from './deps';
import { escalateStaleRefunds } from './refund-ledger';
import { syncPayment } from './sync-payment';

export interface ReconciliationReport {
  checked: number;
  changed: number;
  needsReview: string[];
  startedAt: string;
  finishedAt: string;
}

const fingerprint = (p: Payment) => `${p.status}/${p.amountRefunded}/${p.amountRefundPending}`;

/**
 * What the schedule runs: every open payment that is due is synced with its provider; one still waiting past its
 * deadline is canceled there; one whose provider cannot be asked (no order reference) is left for review, never
 * failed; a refund no answer has settled within a day goes to review. Each checked payment is stamped, which sets
 * when it is due again.
 */
export const reconcile = async (
  deps: PaymentDeps & { notifier: Notifier | undefined },
  tenantId?: string,
): Promise<ReconciliationReport> => {
  const startedAt = nowIso(deps);
  const due = (await deps.repo.listDue(startedAt)).filter((p) => !tenantId || p.tenantId === tenantId);
  let changed = 0;
  const needsReview: string[] = [];
  for (const p of due) {
    let after: Payment = p;
    try {
      if (needsProviderCheck(p)) after = await syncPayment(deps, p, 'reconciler');
    } catch (error) {
      deps.logger.warn('reconciliation could not ask the provider', {
        paymentId: p.id,
        error: (error as Error).message,
      });
    }
    try {
      if (
        isAwaitingProvider(after.status) &&
        Date.parse(after.expiresAt ?? after.createdAt) <= deps.clock().getTime()
      ) {
        after = (await expirePayment(deps, p.id, 'reconciler')) ?? after;
      }
      after = await deps.repo.mutate(p.id, (cur) => {
        const at = nowIso(deps);
        return { ...escalateStaleRefunds(cur, 'reconciler', at), reconciledAt: at };
      });
      if (after.outbox?.length) await deliverNotifications(deps, p.id);
    } catch (error) {
      deps.logger.error('reconciliation could not settle a payment', {
        paymentId: p.id,
        error: (error as Error).message,
      });
    }
    if (fingerprint(after) !== fingerprint(p)) changed++;
    if (after.status === 'needs_review') needsReview.push(after.id);
  }
  return { checked: due.length, changed, needsReview, startedAt, finishedAt: nowIso(deps) };
};
