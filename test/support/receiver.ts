import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll } from 'vitest';

export interface Received {
  path: string;
  raw: string;
  signature: string | undefined;
  event: { id: string; type: string; paymentId: string; tenantId: string };
}

/**
 * A caller's notification receiver for one test file: it records every POST; under `/hang` it never answers, under
 * `/fail` it answers 500, elsewhere 204.
 */
export const useReceiver = () => {
  const receiver = { url: '', received: [] as Received[] };
  const server = createServer(async (req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const path = req.url ?? '';
    receiver.received.push({
      path,
      raw,
      signature: req.headers['paybridge-signature'] as string,
      event: JSON.parse(raw),
    });
    if (path.startsWith('/hang')) return;
    res.writeHead(path.startsWith('/fail') ? 500 : 204).end();
  });
  beforeAll(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  });
  return receiver;
};
