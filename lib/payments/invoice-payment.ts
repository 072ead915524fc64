import {
  GatewayError,
  InvalidStateError,
  NotFoundError,
  ProviderError,
  ProviderTimeoutError,
  ProviderUnavailableError,
  UnsupportedMethodError,
} from '../domain/errors';
import type { Payment } from '../domain/payment';
import { appendEvent } from '../domain/transition';
import { checkInvoice, type InvoiceInput } from '../providers/zhixiao/transformers';
import { nowIso, type PaymentDeps, providerOf } from './deps';

const invoiceable: readonly string[] = ['paid', 'partially_refunded'];

/**
 * Where a payment's invoice stands, from its latest `invoice.*` event: `requested` (a call to Zhixiao was made and
 * its outcome is not known to be a refusal), `issued`, `failed` (Zhixiao refused or was never reached), or none.
 */
const invoiceState = (p: Payment): string | undefined =>
  p.events.findLast((e) => e.type.startsWith('invoice.'))?.type.slice('invoice.'.length);

/**
 * Issues a Zhixiao invoice (2.8) for a paid payment, once. The request is recorded on the payment (`invoice.requested`,
 * a version-checked write) before Zhixiao is called, so of several concurrent requests exactly one reaches Zhixiao;
 * the others answer 409 `invalid_state`.
 */
export const invoicePayment = async (
  deps: PaymentDeps,
  tenantId: string,
  paymentId: string,
  invoice: InvoiceInput,
): Promise<Payment> => {
  const found = await deps.repo.getForTenant(paymentId, tenantId);
  if (!found) throw new NotFoundError('payment');
  const provider = await providerOf(deps, found);
  const issue = provider.invoice?.bind(provider);
  if (!issue) {
    throw new UnsupportedMethodError(`Invoices are issued by Zhixiao only; this is a ${found.provider} payment.`);
  }
  const record = (cur: Payment, type: string, data: Record<string, unknown>) =>
    appendEvent(cur, { type, source: 'api', at: nowIso(deps), from: cur.status, to: cur.status, data });

  const requested = await deps.repo.mutate(found.id, (cur) => {
    if (!invoiceable.includes(cur.status)) throw new InvalidStateError(`A ${cur.status} payment cannot be invoiced.`);
    const state = invoiceState(cur);
    if (state === 'issued') throw new InvalidStateError('This payment already has an invoice.');
    if (state === 'requested') {
      throw new InvalidStateError('An invoice was already requested for this payment and may have been issued.');
    }
    checkInvoice(invoice);
    return record(cur, 'invoice.requested', { payerType: invoice.payerType });
  });

  try {
    await issue(requested, invoice);
  } catch (error) {
    // A definite refusal, or nothing sent: no invoice exists, so the payment may be invoiced again.
    if (error instanceof ProviderError || error instanceof ProviderUnavailableError) {
      await deps.repo.mutate(found.id, (cur) => record(cur, 'invoice.failed', { code: error.code }));
      throw error;
    }
    // Otherwise the invoice may exist: the request stays recorded so that none is issued twice.
    if (error instanceof ProviderTimeoutError) {
      throw new GatewayError('provider_error', 502, `${error.message}; the invoice may have been issued.`);
    }
    throw error;
  }
  return deps.repo.mutate(found.id, (cur) =>
    record(cur, 'invoice.issued', { payerType: invoice.payerType, payerName: invoice.payerName }),
  );
};
