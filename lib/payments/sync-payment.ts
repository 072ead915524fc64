import type { EventSource, Payment } from '../domain/payment';
import { applyReport } from './apply-report';
import { nowIso, type PaymentDeps, providerFor } from './deps';

/**
 * Asks the provider for the order's state and applies it. A provider that does not answer changes nothing:
 * the error propagates to the caller (the workflow retries, `?refresh=true` answers 5xx).
 */
export const syncPayment = async (deps: PaymentDeps, payment: Payment, source: EventSource): Promise<Payment> => {
  const report = await providerFor(deps, payment.provider).query(payment);
  return deps.repo.mutate(payment.id, (p) => applyReport(p, report, source, nowIso(deps)));
};
