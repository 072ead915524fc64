import { NotFoundError } from '../../lib/domain/errors';
import { apiHandler } from '../../lib/http/api-handler';
import { emptyBodySchema } from '../../lib/http/schemas';
import { webhookEndpointParams } from '../../lib/http/webhook-schemas';

// Not under Idempotency-Key: a replayable answer would keep the secret unsealed in the idempotency record.
export const handler = apiHandler(
  { scope: 'operator', params: webhookEndpointParams, body: emptyBodySchema },
  async ({ params, tenantId, rt }) => {
    const rotated = await rt.endpoints.rotate(tenantId, params.id);
    if (!rotated) throw new NotFoundError('webhook endpoint');
    return { statusCode: 200, body: { id: params.id, ...rotated } };
  },
);
