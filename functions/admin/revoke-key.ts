import { NotFoundError } from '../../lib/domain/errors';
import { keyParams } from '../../lib/http/admin-schemas';
import { apiHandler } from '../../lib/http/api-handler';

/** DELETE /v1/admin/tenants/{id}/keys/{keyId} — the key stops working (within the key cache time). */
export const handler = apiHandler({ scope: 'admin', params: keyParams }, async ({ params, rt }) => {
  if (!(await rt.apiKeys.revoke(params.id, params.keyId))) throw new NotFoundError('key');
  return { statusCode: 204, body: null };
});
