import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

/** What a route answers: its status, its JSON body, and any headers beside the content type. */
export interface ApiResponse {
  statusCode: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** A handler's answer as API Gateway takes it: JSON, or an empty 204. */
export const json = (r: ApiResponse): APIGatewayProxyStructuredResultV2 =>
  r.statusCode === 204
    ? { statusCode: 204, ...(r.headers ? { headers: r.headers } : {}), body: '' }
    : {
        statusCode: r.statusCode,
        headers: { 'content-type': 'application/json', ...r.headers },
        body: JSON.stringify(r.body),
      };
