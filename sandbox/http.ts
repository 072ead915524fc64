import type { IncomingMessage, ServerResponse } from 'node:http';

/** Small helpers shared by the sandboxes' HTTP handlers. */
export const readBody = async (req: IncomingMessage): Promise<string> => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
};

export const sendJson = (res: ServerResponse, status: number, body: unknown): void => {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
};

export const sendHtml = (res: ServerResponse, html: string): void => {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  res.end(html);
};

/** A form post from the /sandbox page goes back to the page; an API client gets JSON. */
export const answerControl = (req: IncomingMessage, res: ServerResponse, status: number, body: unknown): void => {
  if ((req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
    res.writeHead(303, { location: '/sandbox' });
    res.end();
    return;
  }
  sendJson(res, status, body);
};

export const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** `GET` of one of a sandbox's read-only lists (`/sandbox/{provider}/orders`, `/calls`, …); false if none matched. */
export const serveList = (
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  lists: Record<string, () => unknown[]>,
): boolean => {
  const list = lists[path];
  if (!list || req.method !== 'GET') return false;
  sendJson(res, 200, { data: list() });
  return true;
};
