import { publicHandler } from '../../lib/http/api-handler';
import { buildOpenApi } from '../../lib/http/openapi';

export const handler = publicHandler(async () => ({ statusCode: 200, body: buildOpenApi() }));
