import { apiHandler } from '../../lib/http/api-handler';

export const handler = apiHandler({ scope: 'operator' }, async ({ tenantId, rt }) => ({
  statusCode: 200,
  body: { data: await rt.endpoints.list(tenantId) },
}));
