import type { IncomingMessage, ServerResponse } from 'node:http';
import { zhixiaoPaths } from '../../lib/providers/zhixiao/adapter';
import {
  decrypt,
  encrypt,
  sealRequest,
  signatureMatches,
  signRequest,
  signResponse,
  type ZhixiaoCredentials,
} from '../../lib/providers/zhixiao/codec';
import {
  type Faults,
  type ForcedFault,
  ForcedFaults,
  faultsControl,
  forcedFaultsControl,
  happens,
  noFaults,
  sendShaped,
} from '../faults';
import { answerControl, readBody, sendHtml, sendJson, serveList, sleep } from '../http';
import { ZhixiaoBook, type ZhixiaoOrder, ZhixiaoRefusal } from './book';
import { renderPayPage } from './pay-page';

export interface ZhixiaoCall {
  op: string;
  param: Record<string, unknown> | null;
  at: string;
}

export interface NotifyAttempt {
  outTradeNo: string;
  attempt: number;
  answeredSuccess: boolean;
  /** The webhook's HTTP status, or null when no answer came. */
  httpStatus: number | null;
  at: string;
}

const opOf = Object.fromEntries(Object.entries(zhixiaoPaths).map(([op, path]) => [path, op]));
/** Notify retries: 1 s, 2 s, 4 s … (Zhixiao's own go on for about a week with falling frequency). */
const notifyAttempts = 8;

/** Zhixiao's API with its real codec and signatures, the hosted pay page, and notify delivery with retries. */
export class ZhixiaoSandbox {
  readonly book = new ZhixiaoBook();
  readonly calls: ZhixiaoCall[] = [];
  readonly notifies: NotifyAttempt[] = [];
  faults: Faults = noFaults();
  readonly forced = new ForcedFaults();
  /** Set once listening; the hosted page URLs start here. */
  baseUrl = '';
  /** Notifies still being delivered (waiting, sending or backing off). */
  deliveriesInFlight = 0;

  /** The apps this sandbox knows (any number: each tenant's account may be its own app); the first signs strays. */
  private readonly apps = new Map<string, ZhixiaoCredentials>();
  private readonly firstApp: ZhixiaoCredentials;

  constructor(creds: ZhixiaoCredentials) {
    this.firstApp = creds;
    this.addAccount(creds);
  }

  addAccount(creds: ZhixiaoCredentials): void {
    this.apps.set(creds.appId, creds);
  }

  /** The app an order was made through. */
  private appOf(order: ZhixiaoOrder): ZhixiaoCredentials {
    return this.apps.get(order.appId) ?? this.firstApp;
  }

  async handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<boolean> {
    const op = opOf[path];
    if (op && req.method === 'POST') {
      await this.api(op, req, res);
      return true;
    }
    const page = /^\/pay\/(\d+)(?:\/(pay|fail))?$/.exec(path);
    if (page) {
      const order = this.book.byId(page[1] as string);
      if (!order) {
        sendJson(res, 404, { error: 'no such order' });
        return true;
      }
      if (req.method === 'POST' && page[2]) {
        await readBody(req);
        this.payer(order, page[2]);
        res.writeHead(303, {
          location: order.status === '2' && order.returnUrl ? order.returnUrl : `/pay/${order.orderId}`,
        });
        res.end();
        return true;
      }
      sendHtml(res, renderPayPage(order));
      return true;
    }
    return this.control(req, res, path);
  }

  private answer(
    req: IncomingMessage,
    res: ServerResponse,
    app: ZhixiaoCredentials,
    retCode: string,
    content: string,
    forced?: ForcedFault,
  ) {
    const sign = happens(this.faults.badSignRate)
      ? signResponse(retCode, `${content}x`, app.appSecret)
      : signResponse(retCode, content, app.appSecret);
    // ret_code comes as a number on success and a string on errors, as Zhixiao's own answers vary.
    return sendShaped(req, res, forced, 200, { ret_code: retCode === '0' ? 0 : retCode, ret_content: content, sign });
  }

  private async api(op: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    if (this.faults.latencyMs) await sleep(this.faults.latencyMs);
    const fields = (req.headers['content-type'] ?? '').includes('json')
      ? (JSON.parse(raw || '{}') as Record<string, string>)
      : Object.fromEntries(new URLSearchParams(raw).entries());
    const app = this.apps.get(fields.id ?? '') ?? this.firstApp;
    const refuse = (code: '-1' | '-2', message: string, encrypted = false, forced?: ForcedFault) =>
      this.answer(req, res, app, code, encrypted ? encrypt(message, app.aesKey) : message, forced);
    if (!this.apps.has(fields.id ?? '')) return refuse('-2', 'appid错误');
    if (!signatureMatches(signRequest(app.appId, fields.param ?? '', app.appSecret), fields.sign)) {
      return refuse('-2', '签名错误');
    }
    let param: Record<string, unknown>;
    try {
      param = JSON.parse(decrypt(fields.param ?? '', app.aesKey));
    } catch {
      return refuse('-2', 'param解密失败');
    }
    this.calls.push({ op, param, at: new Date().toISOString() });
    const forced = this.forced.take(op, this.tagOf(op, param));
    if (forced?.kind === 'error' || happens(this.faults.errorRate)) {
      res.writeHead(500).end();
      return;
    }
    if (forced?.kind === 'pay_during_cancel' && op === 'cancel') {
      const order = this.book.orders.get(String(param.out_trade_no ?? ''));
      if (order) this.payer(order, 'pay');
    }
    // An app sees only its own orders.
    const existing = op === 'create' ? undefined : this.book.orders.get(String(param.out_trade_no ?? ''));
    if (existing && existing.appId !== app.appId) return refuse('-1', '订单不存在');
    let result: unknown;
    try {
      result = this.run(op, param, app);
    } catch (error) {
      if (!(error instanceof ZhixiaoRefusal)) throw error;
      // Error text comes plain from most calls and encrypted from refunds and invoices.
      const code = error.retCode === '-3' ? '-1' : error.retCode;
      return refuse(code, error.message, op === 'refund' || op === 'invoice', forced);
    }
    if (happens(this.faults.timeoutRate)) {
      req.socket.destroy();
      return;
    }
    return this.answer(req, res, app, '0', result === null ? '' : encrypt(JSON.stringify(result), app.aesKey), forced);
  }

  /** The order's tag for forced faults: its body (taken from the request for a new order). */
  private tagOf(op: string, param: Record<string, unknown>): string | undefined {
    if (op === 'create') return typeof param.body === 'string' ? param.body : undefined;
    return this.book.orders.get(String(param.out_trade_no ?? ''))?.body;
  }

  private run(op: string, p: Record<string, unknown>, app: ZhixiaoCredentials): unknown {
    switch (op) {
      case 'create': {
        const { order, url, spData } = this.book.create(p, this.baseUrl, app.appId);
        return { out_trade_no: order.outTradeNo, order_id: order.orderId, url, ...(spData ? { sp_data: spData } : {}) };
      }
      case 'query': {
        const o = this.book.find(p.out_trade_no);
        return {
          out_trade_no: o.outTradeNo,
          order_id: o.orderId,
          status: o.status,
          ...(o.timeEnd ? { time_end: o.timeEnd } : {}),
        };
      }
      case 'cancel': {
        const o = this.book.find(p.out_trade_no);
        this.book.cancel(o);
        return { out_trade_no: o.outTradeNo, order_id: o.orderId };
      }
      case 'refund': {
        const o = this.book.find(p.out_trade_no);
        this.book.refund(o, p.refund_fee);
        return { out_trade_no: o.outTradeNo, order_id: o.orderId };
      }
      case 'identity':
        return this.book.identity(p.uid);
      case 'card':
        return this.book.card(p.school_id, p.user_no);
      default:
        this.book.invoice(p);
        return null;
    }
  }

  private payer(order: ZhixiaoOrder, verb: string): void {
    if (verb === 'fail') {
      this.book.payerFail(order);
      return;
    }
    if (this.book.payerPay(order)) this.notify(order);
  }

  /** Sends the notify of a paid order, as the rates and any forced `notify_*` fault for it say. */
  private notify(order: ZhixiaoOrder): void {
    const forced = this.forced.take('notify', order.body);
    if (forced?.kind === 'notify_lost' || happens(this.faults.notifyLossRate)) return;
    const holdMs = forced?.kind === 'notify_late' ? forced.holdMs : 0;
    void this.deliver(order, holdMs);
    if (forced?.kind === 'notify_duplicate' || happens(this.faults.duplicateNotifyRate))
      void this.deliver(order, holdMs);
  }

  /** Posts the notify to `notify_url` until it is answered with a correctly signed success, with backoff. */
  private async deliver(order: ZhixiaoOrder, holdMs = 0): Promise<void> {
    this.deliveriesInFlight += 1;
    try {
      if (holdMs) await sleep(holdMs);
      await this.deliverNow(order);
    } finally {
      this.deliveriesInFlight -= 1;
    }
  }

  private async deliverNow(order: ZhixiaoOrder): Promise<void> {
    const payload = {
      out_trade_no: order.outTradeNo,
      order_id: order.orderId,
      time_end: order.timeEnd,
      user_no: order.userNo,
      user_name: order.userName,
      uid: '2088612279536603',
      pay_type: order.payType,
    };
    for (let attempt = 1; attempt <= notifyAttempts; attempt++) {
      let success = false;
      let httpStatus: number | null = null;
      try {
        const res = await fetch(order.notifyUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams(sealRequest(payload, this.appOf(order))).toString(),
          signal: AbortSignal.timeout(5000),
        });
        httpStatus = res.status;
        const body = (await res.json()) as { ret_code?: unknown; ret_content?: unknown; sign?: unknown };
        const retCode = String(body.ret_code);
        success =
          retCode === '0' &&
          signatureMatches(
            signResponse(retCode, String(body.ret_content ?? ''), this.appOf(order).appSecret),
            body.sign,
          );
      } catch {}
      this.notifies.push({
        outTradeNo: order.outTradeNo,
        attempt,
        answeredSuccess: success,
        httpStatus,
        at: new Date().toISOString(),
      });
      if (success) return;
      await sleep(1000 * 2 ** (attempt - 1));
    }
  }

  private async control(req: IncomingMessage, res: ServerResponse, path: string): Promise<boolean> {
    if (path === '/sandbox/zhixiao/accounts' && req.method === 'POST') {
      const { appId, appSecret, aesKey } = JSON.parse((await readBody(req)) || '{}') as Record<string, unknown>;
      if (
        typeof appId !== 'string' ||
        typeof appSecret !== 'string' ||
        typeof aesKey !== 'string' ||
        aesKey.length !== 32
      ) {
        sendJson(res, 400, { error: 'appId, appSecret and a 32-character aesKey are required' });
      } else {
        this.addAccount({ appId, appSecret, aesKey });
        sendJson(res, 200, { appId });
      }
      return true;
    }
    const payer = /^\/sandbox\/zhixiao\/orders\/([^/]+)\/(pay|fail|notify)$/.exec(path);
    if (payer && req.method === 'POST') {
      await readBody(req);
      const ref = decodeURIComponent(payer[1] as string);
      const order = this.book.byId(ref) ?? this.book.orders.get(ref);
      if (!order) {
        sendJson(res, 404, { error: 'no such order' });
        return true;
      }
      if (payer[2] !== 'notify') this.payer(order, payer[2] as string);
      // Zhixiao repeats a paid order's notify for days: a late repeat, whatever happened to the order since.
      else if (order.status === '2') void this.deliver(order);
      else {
        sendJson(res, 409, { error: 'only a paid order is notified' });
        return true;
      }
      answerControl(req, res, 200, order);
      return true;
    }
    if (
      serveList(req, res, path, {
        '/sandbox/zhixiao/orders': () => [...this.book.orders.values()],
        '/sandbox/zhixiao/calls': () => this.calls,
        '/sandbox/zhixiao/notifies': () => this.notifies,
      })
    ) {
      return true;
    }
    if (path === '/sandbox/zhixiao/faults/next') {
      await forcedFaultsControl(req, res, this.forced);
      return true;
    }
    if (path === '/sandbox/zhixiao/faults') {
      await faultsControl(req, res, this);
      return true;
    }
    return false;
  }
}
