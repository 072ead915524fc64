import { apiHandler } from '../../lib/http/api-handler';
import { invoiceSchema } from '../../lib/http/invoice-schema';
import { paymentIdParams } from '../../lib/http/schemas';
import { invoicePayment } from '../../lib/payments/invoice-payment';

export const handler = apiHandler(
  { scope: 'payments:write', params: paymentIdParams, body: invoiceSchema, idempotent: true },
  async ({ params, body, tenantId, rt }) => {
    await invoicePayment(rt, tenantId, params.id, body);
    return { statusCode: 201, body: { status: 'issued' } };
  },
);
