import type { Payment } from '../domain/payment';
import { transition } from '../domain/transition';
import type { Notify } from '../providers/zhixiao/transformers';
import { shanghaiTimeToIso } from '../providers/zhixiao/transformers';
import { nowIso, type PaymentDeps } from './deps';
import { syncPayment } from './sync-payment';

export type NotifyResult =
  /** Applied, or a repeat of what we already hold: answer success. */
  | { kind: 'applied'; payment: Payment }
  /** Signed correctly but it does not match what we hold: answer non-success; the provider was asked instead. */
  | { kind: 'mismatch'; reason: string };

/**
 * Applies a verified Zhixiao payment notify: `paid` once (a repeat changes nothing), money after a cancel to
 * `needs_review`. A notify for an order we do not hold, or whose order_id differs from ours, changes nothing by
 * itself: the provider is queried for that payment instead.
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
  const payment = await deps.repo.mutate(p.id, (cur) => {
    const at = nowIso(deps);
    const data = { orderId: notify.order_id, payType: notify.pay_type };
    if (cur.status === 'created' || cur.status === 'pending' || cur.status === 'needs_review') {
      return transition(cur, {
        to: 'paid',
        source: 'webhook',
        at,
        patch: {
          paidAt: shanghaiTimeToIso(notify.time_end) ?? at,
          providerRefs: { ...cur.providerRefs, orderId: notify.order_id },
        },
        data,
      });
    }
    if (cur.status === 'canceled') {
      return transition(cur, {
        to: 'needs_review',
        source: 'webhook',
        at,
        data: { ...data, reason: 'paid_after_cancel' },
      });
    }
    return cur;
  });
  return { kind: 'applied', payment };
};
