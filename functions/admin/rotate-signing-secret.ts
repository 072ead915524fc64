import { tenantParams } from '../../lib/http/admin-schemas';
import { apiHandler } from '../../lib/http/api-handler';

/**
 * POST /v1/admin/tenants/{id}/signing-secret/rotate — a new signing secret for the tenant's `notifyUrl` notifications,
 * shown once; the previous one keeps signing beside it for 24 h.
 */
export const handler = apiHandler({ scope: 'admin', params: tenantParams }, async ({ params, rt }) => {
  await rt.tenants.require(params.id);
  return { statusCode: 200, body: await rt.signingSecrets.rotate(params.id) };
});
