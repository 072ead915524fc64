import { NotFoundError } from '../../lib/domain/errors';
import { apiHandler } from '../../lib/http/api-handler';
import { paymentIdParams } from '../../lib/http/schemas';

export const handler = apiHandler(
  { scope: 'payments:read', params: paymentIdParams },
  async ({ params, tenantId, rt }) => {
    const payment = await rt.repo.getForTenant(params.id, tenantId);
    if (!payment) throw new NotFoundError('payment');
    return { statusCode: 200, body: { data: payment.events } };
  },
);
