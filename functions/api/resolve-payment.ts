import { toPaymentResource } from '../../lib/domain/payment';
import { apiHandler } from '../../lib/http/api-handler';
import { paymentIdParams, resolveSchema } from '../../lib/http/schemas';
import { resolvePayment } from '../../lib/payments/resolve-payment';

export const handler = apiHandler(
  { scope: 'operator', params: paymentIdParams, body: resolveSchema, idempotent: true },
  async ({ params, body, tenantId, rt }) => ({
    statusCode: 200,
    body: toPaymentResource(await resolvePayment(rt, tenantId, params.id, body)),
  }),
);
