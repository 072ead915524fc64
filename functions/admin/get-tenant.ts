import { tenantParams } from '../../lib/http/admin-schemas';
import { apiHandler } from '../../lib/http/api-handler';
import { tenantDetail } from '../../lib/tenancy/admin';

/** GET /v1/admin/tenants/{id} — the tenant with its accounts (secrets as their last four characters) and keys. */
export const handler = apiHandler({ scope: 'admin', params: tenantParams }, async ({ params, rt }) => ({
  statusCode: 200,
  body: await tenantDetail(rt, params.id),
}));
