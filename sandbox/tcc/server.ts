import type { IncomingMessage, ServerResponse } from 'node:http';
import { type Faults, faultsControl, happens, noFaults } from '../faults';
import { answerControl, readBody, sendJson, serveList, sleep } from '../http';
import { TccBook, TccRefusal } from './book';

export interface TccSandboxOptions {
  /** When set, every call must carry `Authorization: Bearer <token>`. */
  token?: string | undefined;
}

export interface TccCall {
  method: string;
  path: string;
  query: Record<string, string>;
  body: Record<string, unknown> | null;
  rawBody: string;
  at: string;
}

const base = '/api/tcc-settlement/open-api/payment';

const ok = (res: ServerResponse, data: unknown) => sendJson(res, 200, { code: 200, data, desc: '操作成功' });

/** TCC settlement's open-api over HTTP, with its rules, payer controls and fault switches. */
export class TccSandbox {
  readonly book = new TccBook();
  readonly calls: TccCall[] = [];
  faults: Faults = noFaults();

  constructor(private readonly options: TccSandboxOptions) {}

  async handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    if (url.pathname === base || url.pathname.startsWith(`${base}/`)) {
      await this.api(req, res, url);
      return true;
    }
    return this.control(req, res, url.pathname);
  }

  private async api(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const rawBody = await readBody(req);
    if (this.faults.latencyMs) await sleep(this.faults.latencyMs);
    if (this.options.token && req.headers.authorization !== `Bearer ${this.options.token}`) {
      res.writeHead(401).end();
      return;
    }
    let body: Record<string, unknown> | null = null;
    if (rawBody) {
      try {
        body = JSON.parse(rawBody);
      } catch {
        return sendJson(res, 200, { code: 400, data: null, desc: '请求体不是JSON' });
      }
    }
    const path = url.pathname.slice(base.length);
    const query = Object.fromEntries(url.searchParams.entries());
    this.calls.push({ method: req.method ?? '', path, query, body, rawBody, at: new Date().toISOString() });
    if (happens(this.faults.errorRate)) {
      res.writeHead(500).end();
      return;
    }
    try {
      const respond = this.route(req.method ?? '', path, query, body, rawBody);
      if (respond === 404) {
        res.writeHead(404).end();
        return;
      }
      if (happens(this.faults.timeoutRate)) {
        req.socket.destroy();
        return;
      }
      respond(res);
    } catch (error) {
      if (!(error instanceof TccRefusal)) throw error;
      sendJson(res, 200, { code: error.code, data: null, desc: error.desc });
    }
  }

  private route(
    method: string,
    path: string,
    query: Record<string, string>,
    body: Record<string, unknown> | null,
    rawBody: string,
  ): ((res: ServerResponse) => void) | 404 {
    if ((method !== 'POST' || path !== '') && !query.operator) throw new TccRefusal(400, 'operator不能为空');
    if (method === 'POST' && path === '') {
      const rawFee = /^\{.*?"fee"\s*:\s*([^,}\s]+)/s.exec(rawBody)?.[1];
      const { order, qrCodeUrl } = this.book.pay(body ?? {}, rawFee);
      return (res) =>
        // financialIdList as numbers, as the doc's sample shows them
        ok(res, { orderId: order.orderId, qrCodeUrl, financialIdList: order.financialIds, status: order.status });
    }
    const cancel = /^\/cancel\/([^/]+)$/.exec(path);
    const id = cancel?.[1] ?? /^\/([^/]+)$/.exec(path)?.[1];
    const order = id ? this.book.get(decodeURIComponent(id)) : undefined;
    if (!order) return 404;
    if (cancel && method === 'GET') return (res) => ok(res, this.book.cancel(order));
    if (method === 'GET') return (res) => ok(res, this.book.query(order));
    if (method === 'DELETE') return (res) => ok(res, this.book.refund(order, query.refundFee));
    if (method === 'POST') return (res) => ok(res, this.book.repay(order, body ?? {}));
    return 404;
  }

  private async control(req: IncomingMessage, res: ServerResponse, path: string): Promise<boolean> {
    const payer = /^\/sandbox\/tcc\/orders\/([^/]+)\/(pay|fail|pay-after-cancel)$/.exec(path);
    if (payer && req.method === 'POST') {
      await readBody(req);
      const order = this.book.get(decodeURIComponent(payer[1] as string));
      if (!order) {
        sendJson(res, 404, { error: 'no such order' });
        return true;
      }
      if (payer[2] === 'pay') this.book.payerPay(order);
      else if (payer[2] === 'fail') this.book.payerFail(order);
      else this.book.payAfterCancel(order);
      answerControl(req, res, 200, order);
      return true;
    }
    if (path === '/sandbox/tcc/clock' && req.method === 'POST') {
      const { offsetMs } = JSON.parse((await readBody(req)) || '{}') as { offsetMs?: number };
      this.book.clockOffsetMs = Number(offsetMs ?? 0);
      sendJson(res, 200, { offsetMs: this.book.clockOffsetMs });
      return true;
    }
    if (
      serveList(req, res, path, {
        '/sandbox/tcc/orders': () => [...this.book.orders.values()],
        '/sandbox/tcc/calls': () => this.calls,
      })
    ) {
      return true;
    }
    if (path === '/sandbox/tcc/faults') {
      await faultsControl(req, res, this);
      return true;
    }
    return false;
  }
}
