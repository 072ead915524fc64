import { accountBodyInput, accountParams } from '../../lib/http/admin-schemas';
import { apiHandler } from '../../lib/http/api-handler';
import { setAccount } from '../../lib/tenancy/admin';

/**
 * PUT /v1/admin/tenants/{id}/accounts/{provider} — the tenant's account at a provider, as a new version: new payments
 * use it, earlier payments keep the version they were created with.
 */
export const handler = apiHandler(
  { scope: 'admin', params: accountParams, body: accountBodyInput },
  async ({ params, body, rt }) => ({
    statusCode: 200,
    body: await setAccount(rt, params.id, params.provider, body),
  }),
);
