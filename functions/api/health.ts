import { publicHandler } from '../../lib/http/api-handler';

export const handler = publicHandler(async () => ({ statusCode: 200, body: { status: 'ok' } }));
