import { apiHandler } from '../../lib/http/api-handler';
import { createRefundSchema, paymentIdParams } from '../../lib/http/schemas';
import { createRefund } from '../../lib/payments/refund-payment';

export const handler = apiHandler(
  { params: paymentIdParams, body: createRefundSchema, idempotent: true },
  async ({ params, body, tenantId, rt }) => {
    const { refund, statusCode } = await createRefund(rt, tenantId, params.id, body);
    return { statusCode, body: refund };
  },
);
