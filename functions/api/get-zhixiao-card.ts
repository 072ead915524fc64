import { UnsupportedMethodError } from '../../lib/domain/errors';
import { apiHandler } from '../../lib/http/api-handler';
import { cardQuery, userNoParams } from '../../lib/http/schemas';

/** Zhixiao e-campus-card link (2.7), asked with the calling tenant's own Zhixiao account. */
export const handler = apiHandler(
  { scope: 'operator', params: userNoParams, query: cardQuery },
  async ({ params, query, tenantId, rt }) => {
    const { provider } = await rt.providers.current(tenantId, 'zhixiao');
    if (!provider.card) throw new UnsupportedMethodError('This provider has no campus-card look-up.');
    return { statusCode: 200, body: await provider.card(query.schoolId, params.userNo) };
  },
);
