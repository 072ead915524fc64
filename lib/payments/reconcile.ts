import type { Payment } from '../domain/payment';
import { isAwaitingProvider } from '../domain/status';
import type { DeliveryQueue } from '../notifications/delivery-queue';
import { isWatched, needsProviderCheck, watchScheduleMs } from '../store/open-index';
import type { ReconciliationRunStore, ReconciliationTrigger } from '../store/reconciliation-runs';
import { createCallWindowMs } from './apply-report';
import { expirePayment } from './cancel-payment';
import { nowIso, type PaymentDeps, providerOf } from './deps';
import { escalateStaleRefunds } from './refund-ledger';
import { requeueDue } from './requeue-deliveries';
import { syncPayment } from './sync-payment';

export interface ReconciliationReport {
  checked: number;
  changed: number;
  needsReview: string[];
  startedAt: string;
  finishedAt: string;
}

/**
 * A `created` payment whose create is surely over (past the create window) without recording its call, and whose
 * `merchantOrderNo` another payment holds (or none): it lost its claim, so it was never sent to a provider, and its
 * create failed to remove it. It is removed here, without an event, rather than reported as a failed payment.
 */
const neverSent = async (deps: PaymentDeps, p: Payment, now: number): Promise<boolean> =>
  p.status === 'created' &&
  !p.createCallEndedAt &&
  Date.parse(p.createdAt) + createCallWindowMs < now &&
  (await deps.repo.claimHolder(p.tenantId, p.merchantOrderNo)) !== p.id;

const fingerprint = (p: Payment) => `${p.status}/${p.reviewReason ?? ''}/${p.amountRefunded}/${p.amountRefundPending}`;

const watchDue = (p: Payment, now: number): boolean =>
  !!p.watch && Date.parse(p.watch.closedAt) + (watchScheduleMs[p.watch.checks] ?? 0) <= now;

/** One scheduled check of a watched canceled payment is done; after the last one the watch ends. */
const countWatchCheck = (p: Payment): Payment => {
  if (!isWatched(p) || !p.watch) return p;
  const checks = p.watch.checks + 1;
  return { ...p, watch: checks < watchScheduleMs.length ? { ...p.watch, checks } : null };
};

/**
 * What the schedule runs: every open payment that is due is synced with its provider; one still waiting past its
 * deadline is canceled there; a canceled one is watched for money on its backoff schedule; a refund that no answer
 * has settled goes to review; notifications due for a retry, or missed by the queue, are queued again (never sent
 * from here). Each checked payment is stamped, which sets when it is due again.
 *
 * With `tenantId` (`POST /v1/reconciliations`) it checks every open or watched payment of that tenant now,
 * whatever its next due time, and leaves the watch schedule as it is. Either way each tenant's share of the report
 * is kept in `reconciliationRuns` when the deps have it.
 */
export const reconcile = async (
  deps: PaymentDeps & { deliveryQueue: DeliveryQueue | undefined; reconciliationRuns?: ReconciliationRunStore },
  tenantId?: string,
): Promise<ReconciliationReport> => {
  const startedAt = nowIso(deps);
  const now = Date.parse(startedAt);
  const manual = tenantId !== undefined;
  const open = manual ? await deps.repo.listOpen(tenantId) : await deps.repo.listDue(startedAt);
  let changed = 0;
  const needsReview: string[] = [];
  const tenants = new Map<string, TenantTally>(manual ? [[tenantId, emptyTally()]] : []);
  for (const p of open) {
    try {
      if (await neverSent(deps, p, now)) {
        await deps.repo.discardCreated(p);
        deps.logger.info('removed a payment its create left behind after losing its merchantOrderNo claim', {
          paymentId: p.id,
        });
        continue;
      }
    } catch (error) {
      deps.logger.warn('reconciliation could not check a payment left created', {
        paymentId: p.id,
        error: (error as Error).message,
      });
      continue;
    }
    const scheduledWatchCheck = !manual && isWatched(p) && watchDue(p, now);
    let after: Payment = p;
    try {
      if (needsProviderCheck(p) && (manual || !isWatched(p) || scheduledWatchCheck)) {
        after = await syncPayment(deps, p, 'reconciler');
      }
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
      const provider = await providerOf(deps, p);
      const canSettle = provider.queryReportsRefunds || provider.refundRepeatIsSafe;
      after = await deps.repo.mutate(p.id, (cur) => {
        const at = nowIso(deps);
        const escalated = escalateStaleRefunds(cur, 'reconciler', at, canSettle);
        return { ...(scheduledWatchCheck ? countWatchCheck(escalated) : escalated), reconciledAt: at };
      });
      await requeueDue(deps, after);
    } catch (error) {
      deps.logger.error('reconciliation could not settle a payment', {
        paymentId: p.id,
        error: (error as Error).message,
      });
    }
    const tally = tenants.get(p.tenantId) ?? emptyTally();
    tenants.set(p.tenantId, tally);
    tally.checked++;
    if (fingerprint(after) !== fingerprint(p)) {
      changed++;
      tally.changed++;
    }
    if (after.status === 'needs_review') {
      needsReview.push(after.id);
      tally.needsReview.push(after.id);
    }
  }
  const finishedAt = nowIso(deps);
  await recordRuns(deps, tenants, { trigger: manual ? 'manual' : 'scheduled', startedAt, finishedAt });
  return { checked: open.length, changed, needsReview, startedAt, finishedAt };
};

interface TenantTally {
  checked: number;
  changed: number;
  needsReview: string[];
}

const emptyTally = (): TenantTally => ({ checked: 0, changed: 0, needsReview: [] });

/**
 * Keeps each tenant's share of the run for `GET /v1/reconciliations`: a manual run always (the person asked), a
 * scheduled one for each tenant it checked a payment of. The run's work is done by then, so a failed write is
 * logged and not raised.
 */
const recordRuns = async (
  deps: Pick<PaymentDeps, 'logger'> & { reconciliationRuns?: ReconciliationRunStore },
  tenants: Map<string, TenantTally>,
  run: { trigger: ReconciliationTrigger; startedAt: string; finishedAt: string },
): Promise<void> => {
  const store = deps.reconciliationRuns;
  if (!store) return;
  for (const [tenantId, tally] of tenants) {
    try {
      await store.record(tenantId, { ...run, ...tally });
    } catch (error) {
      deps.logger.warn('the reconciliation report could not be stored', {
        tenantId,
        error: (error as Error).message,
      });
    }
  }
};
