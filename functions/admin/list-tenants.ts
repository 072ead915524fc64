import { apiHandler } from '../../lib/http/api-handler';

/** GET /v1/admin/tenants — every tenant, oldest first. */
export const handler = apiHandler({ scope: 'admin' }, async ({ rt }) => ({
  statusCode: 200,
  body: { data: await rt.tenants.list() },
}));
