import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { GatewayError, NotFoundError } from '../lib/domain/errors';
import { toProblemResponse } from '../lib/http/problem';
import { type Route, routes } from '../lib/http/routes';
import { readBody } from '../sandbox/http';
import { loadHandler, localContext } from './lambda-context';
import { paymentIdOf, requestLine } from './request-log';

const matchers = routes.map((route) => ({
  route,
  pattern: new RegExp(`^${route.path.replace(/\{(\w+)\}/g, '(?<$1>[^/]+)')}$`),
}));

const match = (
  method: string,
  path: string,
): { route: Route; params: Record<string, string> } | 'method' | undefined => {
  let pathMatched = false;
  for (const { route, pattern } of matchers) {
    const m = pattern.exec(path);
    if (!m) continue;
    pathMatched = true;
    if (route.method !== method) continue;
    const params = Object.fromEntries(Object.entries(m.groups ?? {}).map(([k, v]) => [k, decodeURIComponent(v)]));
    return { route, params };
  }
  return pathMatched ? 'method' : undefined;
};

/** The API Gateway HTTP API (payload v2) event API Gateway would send for this request. */
const toEvent = (req: IncomingMessage, url: URL, body: string, route: Route, params: Record<string, string>) => {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers))
    if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(',') : v;
  const query = Object.fromEntries(url.searchParams.entries());
  const now = new Date();
  return {
    version: '2.0',
    routeKey: `${route.method} ${route.path}`,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers,
    ...(Object.keys(query).length ? { queryStringParameters: query } : {}),
    ...(Object.keys(params).length ? { pathParameters: params } : {}),
    ...(body ? { body } : {}),
    isBase64Encoded: false,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'local',
      http: {
        method: req.method ?? 'GET',
        path: url.pathname,
        protocol: 'HTTP/1.1',
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: `${route.method} ${route.path}`,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
  } satisfies APIGatewayProxyEventV2;
};

/** Each response's body as sent, for the request log. */
const sentBodies = new WeakMap<ServerResponse, string>();

const send = (res: ServerResponse, r: APIGatewayProxyStructuredResultV2) => {
  sentBodies.set(res, r.body ?? '');
  res.writeHead(r.statusCode ?? 200, r.headers as Record<string, string>);
  res.end(r.body ?? '');
};

/** Calls `log` with the request's line once its answer has gone out. */
const logWhenFinished = (log: (line: string) => void, req: IncomingMessage, res: ServerResponse, path: string) => {
  const started = performance.now();
  res.once('finish', () => {
    const method = req.method ?? 'GET';
    const found = match(method, path);
    const { route, params } = typeof found === 'object' ? found : { route: undefined, params: {} };
    const paymentId = paymentIdOf(route?.path, params, sentBodies.get(res) ?? '');
    log(requestLine({ method, path, status: res.statusCode, ms: performance.now() - started, paymentId }));
  });
};

export interface ApiServerOptions {
  /** Receives one line per answered request; `npm start` prints them, tests pass none and stay quiet. */
  log?: (line: string) => void;
}

/** Serves the route table over HTTP by invoking each route's Lambda handler in-process. */
export const startApiServer = async (
  root: string,
  port: number,
  options: ApiServerOptions = {},
): Promise<{ url: string; server: Server; close(): Promise<void> }> => {
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://local');
    if (options.log) logWhenFinished(options.log, req, res, url.pathname);
    const body = await readBody(req);
    const found = match(req.method ?? 'GET', url.pathname);
    if (!found) return send(res, toProblemResponse(new NotFoundError('route')));
    if (found === 'method') {
      return send(
        res,
        toProblemResponse(new GatewayError('method_not_allowed', 405, `${req.method} is not allowed here.`)),
      );
    }
    try {
      const handler = await loadHandler(root, found.route.handler);
      const event = toEvent(req, url, body, found.route, found.params);
      send(res, (await handler(event, localContext(found.route.operationId))) as APIGatewayProxyStructuredResultV2);
    } catch (error) {
      send(res, toProblemResponse(error));
    }
  });
  // A taken port rejects here (EADDRINUSE) instead of crashing the process from an unheard 'error' event.
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};
