import { toPaymentResource } from '../../lib/domain/payment';
import { apiHandler } from '../../lib/http/api-handler';
import { listPaymentsQuery } from '../../lib/http/schemas';

export const handler = apiHandler({ query: listPaymentsQuery }, async ({ query, tenantId, rt }) => {
  if (query.merchantOrderNo) {
    const p = await rt.repo.findByMerchantOrderNo(tenantId, query.merchantOrderNo);
    const data = p && (!query.status || p.status === query.status) ? [toPaymentResource(p)] : [];
    return { statusCode: 200, body: { data, nextCursor: null } };
  }
  const page = await rt.repo.list({ tenantId, status: query.status, limit: query.limit, cursor: query.cursor });
  return { statusCode: 200, body: { data: page.data.map(toPaymentResource), nextCursor: page.nextCursor } };
});
