import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ZhixiaoCredentials } from '../lib/providers/zhixiao/codec';
import { sendHtml, sendJson } from './http';
import { type PageOrder, type PaymentSummary, renderOrders, renderSandboxPage } from './page';
import { ShouqianbaSandbox, type ShouqianbaSandboxOptions } from './shouqianba/server';
import { TccSandbox, type TccSandboxOptions } from './tcc/server';
import { ZhixiaoSandbox } from './zhixiao/server';

export interface SandboxOptions {
  port: number;
  host?: string;
  shouqianba?: ShouqianbaSandboxOptions | undefined;
  tcc?: TccSandboxOptions | undefined;
  zhixiao?: ZhixiaoCredentials | undefined;
  /**
   * Finds the paybridge payment behind an order, by the payment id the order carries or, for TCC, by its orderId;
   * the page then shows paybridge's status beside the provider's. Without it the sandbox stands alone.
   */
  lookup?: PaymentLookup | undefined;
}

/** A read-only look-up of a paybridge payment by its id or a provider order reference. */
export type PaymentLookup = (paymentIdOrOrderRef: string) => Promise<PaymentSummary | undefined>;

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
        method: o.kind,
        account: o.terminalSn,
        amountFen: o.totalAmount,
        subject: o.subject,
        status: o.orderStatus,
        actions: o.orderStatus === 'CREATED' ? ['pay', 'fail'] : [],
        createdAt: o.createdAt,
        qr: o.qrCode,
      })),
      ...[...(tcc?.book.orders.values() ?? [])].map((o) => ({
        provider: 'tcc',
        ref: o.orderId,
        clientRef: null,
        method: o.paymentTypeCode,
        account: o.account ? `token …${o.account.slice(-4)}` : 'no token',
        amountFen: o.feeFen,
        subject: o.body,
        status: tccStatusNames[o.status] ?? String(o.status),
        actions: o.status === 0 ? ['pay', 'fail'] : o.status === 2 ? ['pay-after-cancel'] : [],
        createdAt: new Date(o.createdAt).toISOString(),
        qr: o.qrCodeUrl,
      })),
      ...[...(zhixiao?.book.orders.values() ?? [])].map((o) => ({
        provider: 'zhixiao',
        ref: o.orderId,
        clientRef: o.outTradeNo,
        method: o.payPageUrl ? 'hosted page' : 'mini-program',
        account: o.appId,
        amountFen: o.totalFee,
        subject: o.body,
        status: { '1': '待支付 (1)', '2': '支付成功 (2)', '3': '支付失败 (3)' }[o.status],
        actions: o.status === '1' ? ['pay', 'fail'] : [],
        createdAt: o.createdAt,
        qr: o.payPageUrl,
      })),
    ].sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1));

  /** The orders with their paybridge payments; a failed look-up leaves an order without one, never the page. */
  const withPayments = (orders: PageOrder[]): Promise<PageOrder[]> => {
    const { lookup } = options;
    if (!lookup) return Promise.resolve(orders);
    return Promise.all(
      orders.map(async (o) => ({ ...o, payment: await lookup(o.clientRef ?? o.ref).catch(() => undefined) })),
    );
  };

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://sandbox');
    try {
      if (shouqianba && (await shouqianba.handle(req, res, url.pathname))) return;
      if (tcc && (await tcc.handle(req, res, url))) return;
      if (zhixiao && (await zhixiao.handle(req, res, url.pathname))) return;
      if (url.pathname === '/sandbox' && req.method === 'GET') {
        const orders = await withPayments(pageOrders());
        return sendHtml(
          res,
          url.searchParams.get('part') === 'orders' ? renderOrders(orders) : renderSandboxPage(orders),
        );
      }
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
