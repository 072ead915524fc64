import type { EventSource, Payment } from '../domain/payment';
import { canTransition } from '../domain/status';
import { transition } from '../domain/transition';
import type { QueryOutcome } from '../providers/provider';
import { settlePendingRefunds } from './refund-ledger';

const sameRefs = (a: object, b: object) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Applies what a provider says of an order to our payment: proof moves it, disagreement flags it for review,
 * and money reported after a cancel is never silently accepted.
 */
export const applyReport = (p: Payment, report: QueryOutcome, source: EventSource, at: string): Payment => {
  if (!report.found) {
    if (p.status !== 'created' && p.status !== 'pending') return p;
    return transition(p, {
      to: 'failed',
      source,
      at,
      patch: { failure: { code: 'ORDER_NOT_FOUND', message: 'The provider holds no such order.' } },
    });
  }
  const refs = { ...p.providerRefs, ...report.refs };
  const withRefs = sameRefs(refs, p.providerRefs) ? p : { ...p, providerRefs: refs };
  const s = report.status;

  if (p.status === 'paid' || p.status === 'partially_refunded') {
    if (s === 'partially_refunded' || s === 'refunded') {
      return report.refundedAmount === undefined
        ? withRefs
        : settlePendingRefunds(withRefs, report.refundedAmount, source, at);
    }
  }
  if (s === p.status) return withRefs;
  // A closed order reads "failed" at some providers: that agrees with our cancel.
  if (p.status === 'canceled' && s === 'failed') return withRefs;
  if (p.status === 'canceled' && s === 'paid') {
    return transition(withRefs, {
      to: 'needs_review',
      source,
      at,
      data: { reason: 'paid_after_cancel', providerStatus: s },
    });
  }
  if (canTransition(p.status, s)) {
    return transition(withRefs, {
      to: s,
      source,
      at,
      patch: {
        ...(s === 'paid' ? { paidAt: report.paidAt ?? at } : {}),
        ...(report.failure ? { failure: report.failure } : {}),
        ...(s === 'canceled' ? { cancelReason: 'provider' as const } : {}),
      },
      data: { providerStatus: s },
    });
  }
  if (canTransition(p.status, 'needs_review')) {
    return transition(withRefs, {
      to: 'needs_review',
      source,
      at,
      data: { reason: 'provider_disagrees', providerStatus: s },
    });
  }
  return withRefs;
};
