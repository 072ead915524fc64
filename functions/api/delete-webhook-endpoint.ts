import { NotFoundError } from '../../lib/domain/errors';
import { apiHandler } from '../../lib/http/api-handler';
import { webhookEndpointParams } from '../../lib/http/webhook-schemas';

export const handler = apiHandler(
  { scope: 'operator', params: webhookEndpointParams },
  async ({ params, tenantId, rt }) => {
    if (!(await rt.endpoints.delete(tenantId, params.id))) throw new NotFoundError('webhook endpoint');
    return { statusCode: 204, body: undefined };
  },
);
