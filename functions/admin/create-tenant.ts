import { createTenantSchema } from '../../lib/http/admin-schemas';
import { apiHandler } from '../../lib/http/api-handler';

/** POST /v1/admin/tenants — a new tenant, active, with no accounts and no keys yet. */
export const handler = apiHandler({ body: createTenantSchema, idempotent: true }, async ({ body, rt }) => ({
  statusCode: 201,
  body: await rt.tenants.create(body.id, body.name),
}));
