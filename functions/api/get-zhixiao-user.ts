import { UnsupportedMethodError } from '../../lib/domain/errors';
import { apiHandler } from '../../lib/http/api-handler';
import { uidParams } from '../../lib/http/schemas';

export const handler = apiHandler({ params: uidParams }, async ({ params, rt }) => {
  if (!rt.zhixiao) throw new UnsupportedMethodError('Zhixiao is not enabled in this deployment.');
  return { statusCode: 200, body: await rt.zhixiao.identity(params.uid) };
});
