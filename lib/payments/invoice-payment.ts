import { InvalidStateError, NotFoundError, UnsupportedMethodError } from '../domain/errors';
import type { Payment } from '../domain/payment';
import { appendEvent } from '../domain/transition';
import type { ZhixiaoAdapter } from '../providers/zhixiao/adapter';
import { checkInvoice, type InvoiceInput } from '../providers/zhixiao/transformers';
import { nowIso, type PaymentDeps } from './deps';

const invoiceable: readonly string[] = ['paid', 'partially_refunded'];

/** Issues a Zhixiao invoice (2.8) for a paid payment, once; the issue is recorded as an event. */
export const invoicePayment = async (
  deps: PaymentDeps & { zhixiao: ZhixiaoAdapter | undefined },
  tenantId: string,
  paymentId: string,
  invoice: InvoiceInput,
): Promise<Payment> => {
  const p = await deps.repo.getForTenant(paymentId, tenantId);
  if (!p) throw new NotFoundError('payment');
  if (p.provider !== 'zhixiao' || !deps.zhixiao) {
    throw new UnsupportedMethodError(`Invoices are issued by Zhixiao only; this is a ${p.provider} payment.`);
  }
  if (!invoiceable.includes(p.status)) throw new InvalidStateError(`A ${p.status} payment cannot be invoiced.`);
  if (p.events.some((e) => e.type === 'invoice.issued'))
    throw new InvalidStateError('This payment already has an invoice.');
  checkInvoice(invoice);
  await deps.zhixiao.invoice(p, invoice);
  return deps.repo.mutate(p.id, (cur) =>
    appendEvent(cur, {
      type: 'invoice.issued',
      source: 'api',
      at: nowIso(deps),
      from: cur.status,
      to: cur.status,
      data: { payerType: invoice.payerType, payerName: invoice.payerName },
    }),
  );
};
