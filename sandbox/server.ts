import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sendHtml, sendJson } from './http';
import { type PageOrder, renderSandboxPage } from './page';
import { ShouqianbaSandbox, type ShouqianbaSandboxOptions } from './shouqianba/server';

export interface SandboxOptions {
  port: number;
  host?: string;
  shouqianba?: ShouqianbaSandboxOptions;
}

export interface RunningSandbox {
  url: string;
  server: Server;
  shouqianba?: ShouqianbaSandbox;
  close(): Promise<void>;
}

/** One HTTP server for the provider sandboxes that are enabled, plus the `/sandbox` page. */
export const startSandbox = async (options: SandboxOptions): Promise<RunningSandbox> => {
  const shouqianba = options.shouqianba ? new ShouqianbaSandbox(options.shouqianba) : undefined;

  const pageOrders = (): PageOrder[] =>
    [
      ...[...(shouqianba?.book.orders.values() ?? [])].map((o) => ({
        provider: 'shouqianba',
        ref: o.sn,
        clientRef: o.clientSn,
        amountFen: o.totalAmount,
        subject: o.subject,
        status: o.orderStatus,
        payable: o.orderStatus === 'CREATED',
        createdAt: o.createdAt,
      })),
    ].sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1));

  const server = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://sandbox').pathname;
    try {
      if (shouqianba && (await shouqianba.handle(req, res, path))) return;
      if (path === '/sandbox' && req.method === 'GET') return sendHtml(res, renderSandboxPage(pageOrders()));
      sendJson(res, 404, { error: 'not found' });
    } catch (error) {
      sendJson(res, 500, { error: (error as Error).message });
    }
  });
  await new Promise<void>((resolve) => server.listen(options.port, options.host ?? '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    ...(shouqianba ? { shouqianba } : {}),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};
