import { createTenantSchema } from '../../lib/http/admin-schemas';
import { apiHandler } from '../../lib/http/api-handler';

/**
 * POST /v1/admin/tenants — a new active tenant with its first signing secret (for its payments' `notifyUrl`),
 * shown here once; no provider accounts and no keys yet. Not replayed by Idempotency-Key: a stored answer would keep
 * the secret unsealed; a retry answers 409 and the secret can be rotated.
 */
export const handler = apiHandler({ scope: 'admin', body: createTenantSchema }, async ({ body, rt }) => {
  const tenant = await rt.tenants.create(body.id, body.name);
  const { secret } = await rt.signingSecrets.rotate(tenant.id);
  return { statusCode: 201, body: { ...tenant, signingSecret: secret } };
});
