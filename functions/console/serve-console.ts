import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import {
  type ConsoleFile,
  consoleIndex,
  consoleRoot,
  contentSecurityPolicy,
  loadConsoleFiles,
} from '../../lib/console/assets';

/**
 * The API's not_found problem, written out: the shared problem module reaches the store and so the AWS SDK, which
 * this function has no use for.
 */
const notFound: APIGatewayProxyStructuredResultV2 = {
  statusCode: 404,
  headers: { 'content-type': 'application/problem+json' },
  body: JSON.stringify({
    type: 'https://paybridge.dev/problems/not_found',
    title: 'Not Found',
    status: 404,
    code: 'not_found',
    detail: 'No such console file.',
  }),
};

let files: Promise<{ byName: Map<string, ConsoleFile>; csp: string }> | undefined;

const load = () => {
  files ??= loadConsoleFiles(consoleRoot()).then((byName) => ({
    byName,
    csp: contentSecurityPolicy(byName.get(consoleIndex)?.body ?? ''),
  }));
  return files;
};

/**
 * `GET /console` and `GET /console/{file}`: the operator console's static files, from memory after the first
 * request. No API key here: the page holds no data, and every call it makes carries the operator's key.
 */
export const handler = async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
  const { byName, csp } = await load();
  // The page is only `/console`: its relative links resolve from there, not from `/console/index.html`.
  const name = event.pathParameters?.file;
  const file = name === consoleIndex ? undefined : byName.get(name ?? consoleIndex);
  if (!file) return notFound;
  const headers = {
    'content-type': file.type,
    etag: file.etag,
    // Always revalidate: a deploy changes the files behind the same names, and the ETag makes the check cheap.
    'cache-control': 'no-cache',
    'content-security-policy': csp,
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
  };
  const ifNoneMatch = event.headers?.['if-none-match'];
  if (ifNoneMatch?.split(',').some((tag) => tag.trim() === file.etag)) return { statusCode: 304, headers };
  return { statusCode: 200, headers, body: file.body };
};
