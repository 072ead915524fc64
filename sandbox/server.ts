import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ZhixiaoCredentials } from '../lib/providers/zhixiao/codec';
import { sendHtml, sendJson } from './http';
import { type PageOrder, renderSandboxPage } from './page';
import { ShouqianbaSandbox, type ShouqianbaSandboxOptions } from './shouqianba/server';
import { TccSandbox, type TccSandboxOptions } from './tcc/server';
import { ZhixiaoSandbox } from './zhixiao/server';

export interface SandboxOptions {
  port: number;
  host?: string;
  shouqianba?: ShouqianbaSandboxOptions | undefined;
  tcc?: TccSandboxOptions | undefined;
  zhixiao?: ZhixiaoCredentials | undefined;
}

export interface RunningSandbox {
  url: string;
  server: Server;
  shouqianba?: ShouqianbaSandbox;
  tcc?: TccSandbox;
  zhixiao?: ZhixiaoSandbox;
  close(): Promise<void>;
}

const tccStatusNames = ['未支付 (0)', '已支付 (1)', '已取消 (2)', '已退款 (3)'];

/** One HTTP server for the provider sandboxes that are enabled, plus the `/sandbox` page. */
export const startSandbox = async (options: SandboxOptions): Promise<RunningSandbox> => {
  const shouqianba = options.shouqianba ? new ShouqianbaSandbox(options.shouqianba) : undefined;
  const tcc = options.tcc ? new TccSandbox(options.tcc) : undefined;
  const zhixiao = options.zhixiao ? new ZhixiaoSandbox(options.zhixiao) : undefined;

  const pageOrders = (): PageOrder[] =>
    [
      ...[...(shouqianba?.book.orders.values() ?? [])].map((o) => ({
        provider: 'shouqianba',
        ref: o.sn,
        clientRef: o.clientSn,
        account: o.terminalSn,
        amountFen: o.totalAmount,
        subject: o.subject,
        status: o.orderStatus,
        actions: o.orderStatus === 'CREATED' ? ['pay', 'fail'] : [],
        createdAt: o.createdAt,
      })),
      ...[...(tcc?.book.orders.values() ?? [])].map((o) => ({
        provider: 'tcc',
        ref: o.orderId,
        clientRef: o.paymentTypeCode,
        account: o.account ? `token …${o.account.slice(-4)}` : 'no token',
        amountFen: o.feeFen,
        subject: o.body,
        status: tccStatusNames[o.status] ?? String(o.status),
        actions: o.status === 0 ? ['pay', 'fail'] : o.status === 2 ? ['pay-after-cancel'] : [],
        createdAt: new Date(o.createdAt).toISOString(),
      })),
      ...[...(zhixiao?.book.orders.values() ?? [])].map((o) => ({
        provider: 'zhixiao',
        ref: o.orderId,
        clientRef: o.outTradeNo,
        account: o.appId,
        amountFen: o.totalFee,
        subject: o.body,
        status: { '1': '待支付 (1)', '2': '支付成功 (2)', '3': '支付失败 (3)' }[o.status],
        actions: o.status === '1' ? ['pay', 'fail'] : [],
        createdAt: o.createdAt,
      })),
    ].sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1));

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://sandbox');
    try {
      if (shouqianba && (await shouqianba.handle(req, res, url.pathname))) return;
      if (tcc && (await tcc.handle(req, res, url))) return;
      if (zhixiao && (await zhixiao.handle(req, res, url.pathname))) return;
      if (url.pathname === '/sandbox' && req.method === 'GET') return sendHtml(res, renderSandboxPage(pageOrders()));
      sendJson(res, 404, { error: 'not found' });
    } catch (error) {
      sendJson(res, 500, { error: (error as Error).message });
    }
  });
  await new Promise<void>((resolve) => server.listen(options.port, options.host ?? '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  if (zhixiao) zhixiao.baseUrl = `http://127.0.0.1:${port}`;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    ...(shouqianba ? { shouqianba } : {}),
    ...(tcc ? { tcc } : {}),
    ...(zhixiao ? { zhixiao } : {}),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};
