import { createKeySchema, tenantParams } from '../../lib/http/admin-schemas';
import { apiHandler } from '../../lib/http/api-handler';

/** POST /v1/admin/tenants/{id}/keys — a new key with these scopes; the key is shown once, here. */
export const handler = apiHandler(
  { scope: 'admin', params: tenantParams, body: createKeySchema, idempotent: true },
  async ({ params, body, rt }) => {
    await rt.tenants.require(params.id);
    const { key, record } = await rt.apiKeys.create(params.id, { scopes: body.scopes });
    return { statusCode: 201, body: { keyId: record.keyId, key, scopes: record.scopes } };
  },
);
