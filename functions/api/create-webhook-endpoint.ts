import { apiHandler } from '../../lib/http/api-handler';
import { createWebhookEndpointSchema } from '../../lib/http/webhook-schemas';

// Not under Idempotency-Key: a replayable answer would keep the secret unsealed in the idempotency record.
export const handler = apiHandler(
  { scope: 'operator', body: createWebhookEndpointSchema },
  async ({ body, tenantId, rt }) => {
    const { endpoint, secret } = await rt.endpoints.create(tenantId, body);
    return { statusCode: 201, body: { ...endpoint, secret } };
  },
);
