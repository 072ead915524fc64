import { toPaymentResource } from '../../lib/domain/payment';
import { apiHandler } from '../../lib/http/api-handler';
import { paymentIdParams, repaySchema } from '../../lib/http/schemas';
import { repayPayment } from '../../lib/payments/repay-payment';

export const handler = apiHandler(
  { scope: 'payments:write', params: paymentIdParams, body: repaySchema, idempotent: true },
  async ({ params, body, tenantId, rt }) => {
    const { payment, statusCode } = await repayPayment(rt, tenantId, params.id, body);
    return { statusCode, body: toPaymentResource(payment) };
  },
);
