import { toPaymentResource } from '../../lib/domain/payment';
import { apiHandler } from '../../lib/http/api-handler';
import { createPaymentSchema } from '../../lib/http/payment-schemas';
import { createPayment } from '../../lib/payments/create-payment';

export const handler = apiHandler(
  { scope: 'payments:write', body: createPaymentSchema, idempotent: true },
  async ({ body, tenantId, rt }) => {
    const { payment, statusCode } = await createPayment(rt, tenantId, body);
    return { statusCode, body: toPaymentResource(payment) };
  },
);
