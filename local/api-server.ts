import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { GatewayError, NotFoundError, ValidationError } from '../lib/domain/errors';
import { PayloadTooLargeError } from '../lib/http/body';
import { toProblemResponse } from '../lib/http/problem';
import { type Route, routePattern, routes } from '../lib/http/routes';
import { loadHandler, localContext } from './lambda-context';
import { paymentIdOf, requestLine } from './request-log';

const matchers = routes.map((route) => ({ route, pattern: routePattern(route.path) }));

/** What the route table says about a method and path: the route, or the methods the path has, or nothing. */
type Match = { route: Route; params: Record<string, string> } | { allow: string[] } | undefined;

const match = (method: string, path: string): Match => {
  const allow: string[] = [];
  for (const { route, pattern } of matchers) {
    const m = pattern.exec(path);
    if (!m) continue;
    if (route.method !== method) {
      allow.push(route.method);
      continue;
    }
    // A malformed percent-escape throws URIError here; the caller answers it with 400.
    const params = Object.fromEntries(Object.entries(m.groups ?? {}).map(([k, v]) => [k, decodeURIComponent(v)]));
    return { route, params };
  }
  return allow.length ? { allow: [...new Set(allow)].sort() } : undefined;
};

/**
 * API Gateway refuses bodies over 10 MB before any Lambda runs; this server stops keeping a body past 1 MiB (the
 * handlers refuse anything over 64 KB anyway) but reads it to the end, so the client still gets its answer.
 */
const maxReadBytes = 1024 * 1024;

const readCapped = async (req: IncomingMessage): Promise<{ body: string; tooLarge: boolean }> => {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size <= maxReadBytes) chunks.push(chunk as Buffer);
  }
  return { body: Buffer.concat(chunks).toString('utf8'), tooLarge: size > maxReadBytes };
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
    let found: Match;
    try {
      found = match(method, path);
    } catch {
      found = undefined; // a malformed path was answered 400; it names no payment
    }
    const routed = found && 'route' in found ? found : undefined;
    const paymentId = paymentIdOf(routed?.route.path, routed?.params ?? {}, sentBodies.get(res) ?? '');
    log(requestLine({ method, path, status: res.statusCode, ms: performance.now() - started, paymentId }));
  });
};

export interface ApiServerOptions {
  /** Receives one line per answered request; `npm start` prints them, tests pass none and stay quiet. */
  log?: (line: string) => void;
}

/** The answer to one request: routing, transport errors, then the route's Lambda handler. */
const answer = async (root: string, req: IncomingMessage): Promise<APIGatewayProxyStructuredResultV2> => {
  const url = new URL(req.url ?? '/', 'http://local');
  const { body, tooLarge } = await readCapped(req);
  if (tooLarge) return toProblemResponse(new PayloadTooLargeError());
  let found: Match;
  try {
    found = match(req.method ?? 'GET', url.pathname);
  } catch {
    return toProblemResponse(
      new ValidationError('The path is not valid.', [{ path: '(path)', message: 'malformed percent-escape' }]),
    );
  }
  if (!found) return toProblemResponse(new NotFoundError('route'));
  if ('allow' in found) {
    const refused = toProblemResponse(
      new GatewayError('method_not_allowed', 405, `${req.method} is not allowed here.`),
    );
    return { ...refused, headers: { ...refused.headers, allow: found.allow.join(', ') } };
  }
  const handler = await loadHandler(root, found.route.handler);
  const event = toEvent(req, url, body, found.route, found.params);
  return (await handler(event, localContext(found.route.operationId))) as APIGatewayProxyStructuredResultV2;
};

/** Serves the route table over HTTP by invoking each route's Lambda handler in-process. */
export const startApiServer = async (
  root: string,
  port: number,
  options: ApiServerOptions = {},
): Promise<{ url: string; server: Server; close(): Promise<void> }> => {
  const server = createServer(async (req, res) => {
    try {
      if (options.log) logWhenFinished(options.log, req, res, new URL(req.url ?? '/', 'http://local').pathname);
      send(res, await answer(root, req));
    } catch (error) {
      // Whatever went wrong (a client that hung up mid-body, a handler that threw), the server keeps serving.
      if (!res.headersSent) send(res, toProblemResponse(error));
      else res.destroy();
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
