import { toRefundResource } from '../../lib/domain/payment';
import { apiHandler } from '../../lib/http/api-handler';
import { createRefundSchema, paymentIdParams } from '../../lib/http/schemas';
import { createRefund } from '../../lib/payments/refund-payment';

/** The reserved refund answers a retry of this request (202 pending) once the provider may have been called. */
export const handler = apiHandler(
  { scope: 'payments:write', params: paymentIdParams, body: createRefundSchema, idempotent: true },
  async ({ params, body, tenantId, rt, checkpoint }) => {
    const { refund, statusCode } = await createRefund(rt, tenantId, params.id, body, (reserved) =>
      checkpoint({ statusCode: 202, body: toRefundResource(reserved) }),
    );
    return { statusCode, body: toRefundResource(refund) };
  },
);
