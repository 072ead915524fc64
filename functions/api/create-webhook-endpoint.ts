import { apiHandler } from '../../lib/http/api-handler';
import { createWebhookEndpointSchema } from '../../lib/http/webhook-schemas';

// Not under Idempotency-Key: a replayable answer would keep the secret unsealed in the idempotency record.
export const handler = apiHandler(
  { scope: 'operator', body: createWebhookEndpointSchema },
  async ({ body, tenantId, rt }) => {
    const { endpoint, secret } = await rt.endpoints.create(tenantId, body);
    // What this process saw of the tenant's endpoints is out of date: under npm start every route shares it; in AWS
    // other functions see the endpoint within 25 s, before it becomes active (see WEBHOOK_ENDPOINT_ACTIVATION_S).
    rt.endpointPresence.forget(tenantId);
    return { statusCode: 201, body: { ...endpoint, secret } };
  },
);
