import type { EventSource, Payment } from '../domain/payment';
import type { PaymentProvider } from '../providers/provider';
import { applyReport } from './apply-report';
import { nowIso, type PaymentDeps, providerOf } from './deps';
import { callEndedBefore } from './refund-ledger';
import { applyRefundOutcome } from './refund-payment';

/**
 * Where the provider treats the same refund request as the same refund, a refund still pending after its call
 * ended is settled by sending that request again: the provider answers for the first one (or does it now, which
 * the caller asked for). An answer that is no answer again leaves it pending.
 */
const repeatPendingRefunds = async (
  deps: PaymentDeps,
  provider: PaymentProvider,
  p: Payment,
  source: EventSource,
): Promise<Payment> => {
  let current = p;
  const now = nowIso(deps);
  for (const refund of p.refunds) {
    if (refund.status !== 'pending' || !callEndedBefore(refund, now)) continue;
    const outcome = await provider.refund(current, refund).catch((error: Error) => ({
      outcome: 'pending' as const,
      reason: error.message,
    }));
    current = await applyRefundOutcome(deps, current, refund.id, outcome, source);
  }
  return current;
};

/**
 * Asks the provider for the order's state and applies it (refunds included). A provider that does not answer
 * changes nothing: the error propagates to the caller (the workflow polls again, `?refresh=true` answers 502).
 */
export const syncPayment = async (deps: PaymentDeps, payment: Payment, source: EventSource): Promise<Payment> => {
  const provider = await providerOf(deps, payment);
  const askedAt = nowIso(deps);
  const report = await provider.query(payment);
  const applied = await deps.repo.mutate(payment.id, (p) =>
    applyReport(p, report, {
      source,
      at: nowIso(deps),
      askedAt,
      reportsRefunds: provider.queryReportsRefunds,
      watchesAfterClose: provider.moneyAfterClose,
    }),
  );
  return provider.refundRepeatIsSafe ? repeatPendingRefunds(deps, provider, applied, source) : applied;
};
