import { UnsupportedMethodError } from '../../lib/domain/errors';
import { apiHandler } from '../../lib/http/api-handler';
import { uidParams } from '../../lib/http/schemas';

/** Zhixiao identity (2.6), asked with the calling tenant's own Zhixiao account. */
export const handler = apiHandler({ scope: 'operator', params: uidParams }, async ({ params, tenantId, rt }) => {
  const { provider } = await rt.providers.current(tenantId, 'zhixiao');
  if (!provider.identity) throw new UnsupportedMethodError('This provider has no identity look-up.');
  return { statusCode: 200, body: await provider.identity(params.uid) };
});
