import { apiHandler } from '../../lib/http/api-handler';
import { listReconciliationsQuery } from '../../lib/http/schemas';

export const handler = apiHandler(
  { scope: 'operator', query: listReconciliationsQuery },
  async ({ query, tenantId, rt }) => ({
    statusCode: 200,
    body: { data: await rt.reconciliationRuns.list(tenantId, query.limit) },
  }),
);
