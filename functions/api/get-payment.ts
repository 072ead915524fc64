import { NotFoundError } from '../../lib/domain/errors';
import { toPaymentResource } from '../../lib/domain/payment';
import { apiHandler } from '../../lib/http/api-handler';
import { getPaymentQuery, paymentIdParams } from '../../lib/http/schemas';
import { syncPayment } from '../../lib/payments/sync-payment';

export const handler = apiHandler(
  { scope: 'payments:read', params: paymentIdParams, query: getPaymentQuery },
  async ({ params, query, tenantId, rt }) => {
    const payment = await rt.repo.getForTenant(params.id, tenantId);
    if (!payment) throw new NotFoundError('payment');
    const current = query.refresh === 'true' ? await syncPayment(rt, payment, 'api') : payment;
    return { statusCode: 200, body: toPaymentResource(current) };
  },
);
