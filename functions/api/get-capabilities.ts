import { capabilities } from '../../lib/domain/capabilities';
import { apiHandler } from '../../lib/http/api-handler';

/** The scene/wallet table, with `enabled` saying whether the calling tenant has an account at each provider. */
export const handler = apiHandler({ scope: 'payments:read' }, async ({ tenantId, rt }) => {
  const enabled = new Set<string>(await rt.providers.enabled(tenantId));
  return {
    statusCode: 200,
    body: Object.fromEntries(
      Object.entries(capabilities).map(([provider, scenes]) => [provider, { enabled: enabled.has(provider), scenes }]),
    ),
  };
});
