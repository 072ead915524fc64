import { UnsupportedMethodError } from '../../lib/domain/errors';
import { apiHandler } from '../../lib/http/api-handler';
import { cardQuery, userNoParams } from '../../lib/http/schemas';

export const handler = apiHandler({ params: userNoParams, query: cardQuery }, async ({ params, query, rt }) => {
  if (!rt.zhixiao) throw new UnsupportedMethodError('Zhixiao is not enabled in this deployment.');
  return { statusCode: 200, body: await rt.zhixiao.card(query.schoolId, params.userNo) };
});
