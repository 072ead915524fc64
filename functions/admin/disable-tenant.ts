import { tenantParams } from '../../lib/http/admin-schemas';
import { apiHandler } from '../../lib/http/api-handler';
import { tenantDetail } from '../../lib/tenancy/admin';

/** POST /v1/admin/tenants/{id}/disable — its keys stop working (within the key cache time); its data stays. */
export const handler = apiHandler(
  { scope: 'admin', params: tenantParams, idempotent: true },
  async ({ params, rt }) => {
    await rt.tenants.disable(params.id);
    return { statusCode: 200, body: await tenantDetail(rt, params.id) };
  },
);
