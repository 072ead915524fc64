import { toPaymentResource } from '../../lib/domain/payment';
import { apiHandler } from '../../lib/http/api-handler';
import { emptyBodySchema, paymentIdParams } from '../../lib/http/schemas';
import { cancelPayment } from '../../lib/payments/cancel-payment';

export const handler = apiHandler(
  { scope: 'payments:write', params: paymentIdParams, body: emptyBodySchema, idempotent: true },
  async ({ params, tenantId, rt }) => {
    const { payment, statusCode } = await cancelPayment(rt, tenantId, params.id);
    return { statusCode, body: toPaymentResource(payment) };
  },
);
