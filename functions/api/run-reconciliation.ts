import { apiHandler } from '../../lib/http/api-handler';
import { emptyBodySchema } from '../../lib/http/schemas';
import { reconcile } from '../../lib/payments/reconcile';

export const handler = apiHandler({ scope: 'operator', body: emptyBodySchema }, async ({ tenantId, rt }) => ({
  statusCode: 200,
  body: await reconcile(rt, tenantId),
}));
