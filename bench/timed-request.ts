import { type Agent, request } from 'node:http';

/** What one request came to: its status (0 when it failed on the way) and ms from send to the answer's end. */
export interface Timed {
  status: number;
  ms: number;
}

/** Sends one request over `agent` (keep-alive, like a load tool's connection) and times it. */
export const timedRequest = (
  agent: Agent,
  url: string,
  init: { method?: string; headers: Record<string, string>; body?: string },
): Promise<Timed> =>
  new Promise((resolve) => {
    const sent = performance.now();
    const req = request(url, { agent, method: init.method ?? 'GET', headers: init.headers }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - sent }));
    });
    req.on('error', () => resolve({ status: 0, ms: performance.now() - sent }));
    req.end(init.body);
  });
