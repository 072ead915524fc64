import type { Payment } from '../domain/payment';
import type { QueryOutcome } from '../providers/provider';
import { shanghaiTimeToIso } from '../providers/zhixiao/shanghai-time';
import type { Notify } from '../providers/zhixiao/transformers';
import { applyReport } from './apply-report';
import { nowIso, type PaymentDeps } from './deps';
import { syncPayment } from './sync-payment';

export type NotifyResult =
  /** Applied, or a repeat of what we already hold: answer success. */
  | { kind: 'applied'; payment: Payment }
  /** Signed correctly but it does not match what we hold: answer non-success; the provider was asked instead. */
  | { kind: 'mismatch'; reason: string };

/**
 * Applies a verified Zhixiao payment notify by the same rules as a poll answer (it is Zhixiao reporting "paid"):
 * `paid` once (a repeat changes nothing), money after a cancel to `needs_review`, a review only a person may end
 * kept as it is, with the notify recorded. A notify for an order we do not hold, or whose order_id differs from
 * ours, changes nothing by itself: the provider is queried for that payment instead.
 */
export const applyZhixiaoNotify = async (deps: PaymentDeps, notify: Notify): Promise<NotifyResult> => {
  const p = await deps.repo.get(notify.out_trade_no);
  if (!p || p.provider !== 'zhixiao') return { kind: 'mismatch', reason: 'unknown out_trade_no' };
  if (p.providerRefs.orderId && p.providerRefs.orderId !== notify.order_id) {
    await syncPayment(deps, p, 'webhook').catch((error: Error) =>
      deps.logger.warn('query after a mismatched notify failed', { paymentId: p.id, error: error.message }),
    );
    return { kind: 'mismatch', reason: 'order_id differs from the one Zhixiao gave at create' };
  }
  const report: QueryOutcome = {
    found: true,
    status: 'paid',
    refs: { orderId: notify.order_id },
    ...withPaidAt(shanghaiTimeToIso(notify.time_end)),
  };
  const payment = await deps.repo.mutate(p.id, (cur) => {
    const at = nowIso(deps);
    return applyReport(cur, report, {
      source: 'webhook',
      at,
      askedAt: at,
      reportsRefunds: false,
      watchesAfterClose: true,
    });
  });
  return { kind: 'applied', payment };
};

const withPaidAt = (paidAt: string | undefined) => (paidAt ? { paidAt } : {});
