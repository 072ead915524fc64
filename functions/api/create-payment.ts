import { toPaymentResource } from '../../lib/domain/payment';
import { apiHandler } from '../../lib/http/api-handler';
import { createPaymentSchema } from '../../lib/http/schemas';
import { createPayment } from '../../lib/payments/create-payment';

export const handler = apiHandler({ body: createPaymentSchema, idempotent: true }, async ({ body, tenantId, rt }) => {
  const { payment, statusCode } = await createPayment(rt, tenantId, body);
  return { statusCode, body: toPaymentResource(payment) };
});
