import { type Payment, toPaymentResource } from '../../lib/domain/payment';
import { apiHandler } from '../../lib/http/api-handler';
import { listPaymentsQuery } from '../../lib/http/schemas';

export const handler = apiHandler(
  { scope: 'payments:read', query: listPaymentsQuery },
  async ({ query, tenantId, rt }) => {
    const { merchantOrderNo, limit, cursor, ...filters } = query;
    if (merchantOrderNo) {
      const p = await rt.repo.findByMerchantOrderNo(tenantId, merchantOrderNo);
      const matches = (found: Payment) =>
        (!filters.status || found.status === filters.status) &&
        (!filters.provider || found.provider === filters.provider) &&
        (!filters.createdFrom || found.createdAt >= filters.createdFrom) &&
        (!filters.createdTo || found.createdAt < filters.createdTo);
      const data = p && matches(p) ? [toPaymentResource(p)] : [];
      return { statusCode: 200, body: { data, nextCursor: null } };
    }
    const page = await rt.repo.list({ tenantId, limit, cursor, ...filters });
    return { statusCode: 200, body: { data: page.data.map(toPaymentResource), nextCursor: page.nextCursor } };
  },
);
