import type { Payment } from '../domain/payment';
import { isAwaitingProvider } from '../domain/status';
import { expirePayment } from './cancel-payment';
import type { PaymentDeps } from './deps';
import { syncPayment } from './sync-payment';

export interface ReconciliationReport {
  checked: number;
  changed: number;
  needsReview: string[];
  startedAt: string;
  finishedAt: string;
}

/**
 * What the schedule runs: every open payment that is due is synced with its provider; one still waiting past its
 * deadline is canceled there; one that never stored a provider reference is left for review, never failed.
 */
export const reconcile = async (deps: PaymentDeps, tenantId?: string): Promise<ReconciliationReport> => {
  const startedAt = deps.clock().toISOString();
  const due = (await deps.repo.listDue(startedAt)).filter((p) => !tenantId || p.tenantId === tenantId);
  let changed = 0;
  const needsReview: string[] = [];
  for (const p of due) {
    let after: Payment = p;
    try {
      after = await syncPayment(deps, p, 'reconciler');
      if (
        isAwaitingProvider(after.status) &&
        Date.parse(after.expiresAt ?? after.createdAt) <= deps.clock().getTime()
      ) {
        after = await expirePayment(deps, p.id);
      }
    } catch (error) {
      deps.logger.warn('reconciliation could not reach the provider', {
        paymentId: p.id,
        error: (error as Error).message,
      });
    }
    if (after.version !== p.version) changed++;
    if (after.status === 'needs_review') needsReview.push(after.id);
  }
  return { checked: due.length, changed, needsReview, startedAt, finishedAt: deps.clock().toISOString() };
};
