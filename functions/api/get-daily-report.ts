import { apiHandler } from '../../lib/http/api-handler';
import { reportParams } from '../../lib/http/schemas';
import { dailyReport } from '../../lib/payments/daily-report';

export const handler = apiHandler({ scope: 'operator', params: reportParams }, async ({ params, tenantId, rt }) => ({
  statusCode: 200,
  body: await dailyReport(rt, tenantId, params.date),
}));
