import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { publishMetrics } from '../metrics';
import { toProblemResponse } from './problem';
import { type ApiResponse, json } from './response';

/** Routes without auth (health, OpenAPI): they never build the runtime, so their functions never load the store. */
export const publicHandler = (run: () => Promise<ApiResponse>) =>
  middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
    .use(publishMetrics())
    .use({
      onError: async (request) => {
        request.response = toProblemResponse(request.error);
      },
    })
    .handler(async () => json(await run()));
