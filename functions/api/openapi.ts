import { buildOpenApi } from '../../lib/http/openapi';
import { publicHandler } from '../../lib/http/public-handler';

export const handler = publicHandler(async () => ({ statusCode: 200, body: buildOpenApi() }));
