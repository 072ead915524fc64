import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  type Faults,
  ForcedFaults,
  faultsControl,
  forcedFaultsControl,
  happens,
  noFaults,
  sendShaped,
} from '../faults';
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

const ok = (data: unknown) => ({ code: 200, data, desc: '操作成功' });

/** `route`'s answer when the path names no order: TCC answers HTTP 404. */
const noSuchOrder = Symbol('no such order');

/** The operation a call is, for forced faults. */
const opOf = (method: string, path: string): string => {
  if (path === '') return 'create';
  if (path.startsWith('/cancel/')) return 'cancel';
  return ({ GET: 'query', DELETE: 'refund', POST: 'repay' } as Record<string, string>)[method] ?? method;
};

/** TCC settlement's open-api over HTTP, with its rules, payer controls and fault switches. */
export class TccSandbox {
  readonly book = new TccBook();
  readonly calls: TccCall[] = [];
  faults: Faults = noFaults();
  readonly forced = new ForcedFaults();

  /** The tokens this sandbox takes (any number: each tenant's account may have its own); none means no auth. */
  private readonly tokens = new Set<string>();

  constructor(options: TccSandboxOptions) {
    this.addAccount(options);
  }

  addAccount(options: TccSandboxOptions): void {
    if (options.token) this.tokens.add(options.token);
  }

  /** The account a call comes through: its bearer token, or '' where no token is needed. */
  private accountOf(req: IncomingMessage): string | undefined {
    if (!this.tokens.size) return '';
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    return token && this.tokens.has(token) ? token : undefined;
  }

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
    const account = this.accountOf(req);
    if (account === undefined) {
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
    const op = opOf(req.method ?? '', path);
    const forced = this.forced.take(op, this.tagOf(op, path, body));
    if (forced?.kind === 'error' || happens(this.faults.errorRate)) {
      res.writeHead(500).end();
      return;
    }
    let status = 200;
    let answer: unknown;
    try {
      if (forced?.kind === 'pay_during_cancel' && op === 'cancel') {
        const order = this.orderOf(path);
        if (order) this.book.payerPay(order);
      }
      const data = this.route(req.method ?? '', path, query, body, rawBody, account);
      if (data === noSuchOrder) status = 404;
      else answer = ok(data);
    } catch (error) {
      if (!(error instanceof TccRefusal)) throw error;
      answer = { code: error.code, data: null, desc: error.desc };
    }
    if (happens(this.faults.timeoutRate)) {
      req.socket.destroy();
      return;
    }
    await sendShaped(req, res, forced, status, answer);
  }

  /** The order a call names in its path (`/{orderId}` or `/cancel/{orderId}`). */
  private orderOf(path: string) {
    const id = /^\/(?:cancel\/)?([^/]+)$/.exec(path)?.[1];
    return id ? this.book.get(decodeURIComponent(id)) : undefined;
  }

  /** The order's tag for forced faults: its remark (taken from the request for a new order). */
  private tagOf(op: string, path: string, body: Record<string, unknown> | null): string | undefined {
    if (op !== 'create') return this.orderOf(path)?.remark ?? undefined;
    return typeof body?.remark === 'string' ? body.remark : undefined;
  }

  /** Does what the call asks and returns the answer's `data`; a refusal is thrown as `TccRefusal`. */
  private route(
    method: string,
    path: string,
    query: Record<string, string>,
    body: Record<string, unknown> | null,
    rawBody: string,
    account: string,
  ): unknown {
    if ((method !== 'POST' || path !== '') && !query.operator) throw new TccRefusal(400, 'operator不能为空');
    if (method === 'POST' && path === '') {
      const rawFee = /^\{.*?"fee"\s*:\s*([^,}\s]+)/s.exec(rawBody)?.[1];
      const order = this.book.pay(body ?? {}, rawFee, account);
      // financialIdList as numbers, as the doc's sample shows them
      return {
        orderId: order.orderId,
        qrCodeUrl: order.qrCodeUrl,
        financialIdList: order.financialIds,
        status: order.status,
      };
    }
    const order = this.orderOf(path);
    // An account sees only its own orders.
    if (!order || order.account !== account) return noSuchOrder;
    if (path.startsWith('/cancel/')) return method === 'GET' ? this.book.cancel(order) : noSuchOrder;
    if (method === 'GET') return this.book.query(order);
    if (method === 'DELETE') return this.book.refund(order, query.refundFee);
    if (method === 'POST') return this.book.repay(order, body ?? {});
    return noSuchOrder;
  }

  private async control(req: IncomingMessage, res: ServerResponse, path: string): Promise<boolean> {
    if (path === '/sandbox/tcc/accounts' && req.method === 'POST') {
      const { token } = JSON.parse((await readBody(req)) || '{}') as Record<string, unknown>;
      if (typeof token !== 'string' || !token) sendJson(res, 400, { error: 'token is required' });
      else {
        this.addAccount({ token });
        sendJson(res, 200, { token: `…${token.slice(-4)}` });
      }
      return true;
    }
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
    const age = /^\/sandbox\/tcc\/orders\/([^/]+)\/age$/.exec(path);
    if (age && req.method === 'POST') {
      const order = this.book.get(decodeURIComponent(age[1] as string));
      const { ms } = JSON.parse((await readBody(req)) || '{}') as { ms?: number };
      if (!order) sendJson(res, 404, { error: 'no such order' });
      else sendJson(res, 200, this.book.age(order, Number(ms ?? 0)));
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
    if (path === '/sandbox/tcc/faults/next') {
      await forcedFaultsControl(req, res, this.forced);
      return true;
    }
    if (path === '/sandbox/tcc/faults') {
      await faultsControl(req, res, this);
      return true;
    }
    return false;
  }
}
