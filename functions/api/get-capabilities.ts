import { capabilities } from '../../lib/domain/capabilities';
import { apiHandler } from '../../lib/http/api-handler';

export const handler = apiHandler({}, async ({ rt }) => ({
  statusCode: 200,
  body: Object.fromEntries(
    Object.entries(capabilities).map(([provider, scenes]) => [provider, { enabled: provider in rt.providers, scenes }]),
  ),
}));
