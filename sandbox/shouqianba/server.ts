import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseAuthorization, verifyBody } from '../../lib/providers/shouqianba/codec';
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
import { type Biz, ShouqianbaBook } from './book';

export interface ShouqianbaSandboxOptions {
  terminalSn: string;
  terminalKey: string;
}

export interface RecordedCall {
  op: string;
  body: Record<string, string>;
  at: string;
}

const required: Record<string, string[]> = {
  pay: ['terminal_sn', 'client_sn', 'total_amount', 'dynamic_id', 'subject', 'operator'],
  precreate: ['terminal_sn', 'client_sn', 'total_amount', 'subject', 'operator'],
  query: ['terminal_sn'],
  cancel: ['terminal_sn'],
  refund: ['terminal_sn', 'refund_request_no', 'refund_amount', 'operator'],
};

const clientError = (code: string, message: string) => ({
  result_code: '400',
  error_code: code,
  error_message: message,
});

/** Shouqianba's Upay v2 endpoints over HTTP, with its signature check, payer controls and fault switches. */
export class ShouqianbaSandbox {
  readonly book = new ShouqianbaBook();
  readonly calls: RecordedCall[] = [];
  faults: Faults = noFaults();
  readonly forced = new ForcedFaults();

  /** The terminals this sandbox knows (any number: each tenant's account may be its own terminal). */
  private readonly terminals = new Map<string, string>();

  constructor(options: ShouqianbaSandboxOptions) {
    this.addAccount(options);
  }

  addAccount(terminal: ShouqianbaSandboxOptions): void {
    this.terminals.set(terminal.terminalSn, terminal.terminalKey);
  }

  /** Handles the request if it is one of this sandbox's paths; returns false otherwise. */
  async handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<boolean> {
    const api = /^\/upay\/v2\/(pay|precreate|query|cancel|refund)$/i.exec(path);
    if (api && req.method === 'POST') {
      await this.api((api[1] as string).toLowerCase(), req, res);
      return true;
    }
    return this.control(req, res, path);
  }

  private async api(op: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    if (this.faults.latencyMs) await sleep(this.faults.latencyMs);
    const auth = parseAuthorization(req.headers.authorization);
    const terminalKey = auth ? this.terminals.get(auth.terminalSn) : undefined;
    if (!auth || !terminalKey || !verifyBody(raw, terminalKey, auth.sign)) {
      return sendJson(res, 200, clientError('ILLEGAL_SIGN', '签名错误'));
    }
    let body: Record<string, string>;
    try {
      body = JSON.parse(raw);
    } catch {
      return sendJson(res, 200, clientError('INVALID_PARAMS', '请求主体不是JSON'));
    }
    this.calls.push({ op, body, at: new Date().toISOString() });
    const missing = (required[op] ?? []).filter((k) => !body[k]);
    if (op !== 'pay' && op !== 'precreate' && !body.sn && !body.client_sn) missing.push('sn|client_sn');
    if (missing.length) return sendJson(res, 200, clientError('INVALID_PARAMS', `${missing.join(', ')}不可以为空`));
    if (body.terminal_sn !== auth.terminalSn) return sendJson(res, 200, clientError('INVALID_TERMINAL', '终端错误'));
    // A terminal sees only its own orders.
    const existing = op === 'pay' || op === 'precreate' ? undefined : this.book.find(body);
    if (existing && existing.terminalSn !== auth.terminalSn) {
      return sendJson(res, 200, {
        result_code: '200',
        biz_response: { result_code: 'FAIL', error_code: 'UPAY_ORDER_NOT_EXISTS', error_message: '订单不存在' },
      });
    }
    if (body.total_amount !== undefined && !/^\d{1,10}$/.test(body.total_amount)) {
      return sendJson(res, 200, clientError('INVALID_PARAMS', 'total_amount金额为整数,长度不超过10位,以分为单位'));
    }
    const forced = this.forced.take(op, this.tagOf(op, body));
    if (forced?.kind === 'error' || happens(this.faults.errorRate)) {
      return sendJson(res, 200, {
        result_code: '500',
        error_code: 'UNKNOWN_SYSTEM_ERROR',
        error_message: '未知的系统错误',
      });
    }
    if (forced?.kind === 'pay_during_cancel' && op === 'cancel') {
      const order = this.book.find(body);
      if (order) this.book.payerPay(order.clientSn);
    }
    const biz = this.run(op, body);
    if (happens(this.faults.timeoutRate)) {
      req.socket.destroy();
      return;
    }
    await sendShaped(req, res, forced, 200, { result_code: '200', biz_response: biz });
  }

  /** The order's tag for forced faults: its subject (taken from the request for a new order). */
  private tagOf(op: string, body: Record<string, string>): string | undefined {
    return op === 'pay' || op === 'precreate' ? body.subject : this.book.find(body)?.subject;
  }

  private run(op: string, body: Record<string, string>): Biz {
    switch (op) {
      case 'pay':
        return this.book.pay(body);
      case 'precreate':
        return this.book.precreate(body);
      case 'query':
        return this.book.query(body);
      case 'cancel':
        return this.book.cancel(body);
      default:
        return this.book.refund(body);
    }
  }

  private async control(req: IncomingMessage, res: ServerResponse, path: string): Promise<boolean> {
    if (path === '/sandbox/shouqianba/accounts' && req.method === 'POST') {
      const { terminalSn, terminalKey } = JSON.parse((await readBody(req)) || '{}') as Record<string, unknown>;
      if (typeof terminalSn !== 'string' || typeof terminalKey !== 'string') {
        sendJson(res, 400, { error: 'terminalSn and terminalKey are required' });
      } else {
        this.addAccount({ terminalSn, terminalKey });
        sendJson(res, 200, { terminalSn });
      }
      return true;
    }
    const payer = /^\/sandbox\/shouqianba\/orders\/([^/]+)\/(pay|fail)$/.exec(path);
    if (payer && req.method === 'POST') {
      await readBody(req);
      const ref = decodeURIComponent(payer[1] as string);
      const o = payer[2] === 'pay' ? this.book.payerPay(ref) : this.book.payerFail(ref);
      if (!o) sendJson(res, 404, { error: 'no such order' });
      else answerControl(req, res, 200, this.book.dataOf(o));
      return true;
    }
    if (
      serveList(req, res, path, {
        '/sandbox/shouqianba/orders': () => [...this.book.orders.values()].map((o) => this.book.dataOf(o)),
        '/sandbox/shouqianba/calls': () => this.calls,
      })
    ) {
      return true;
    }
    if (path === '/sandbox/shouqianba/faults/next') {
      await forcedFaultsControl(req, res, this.forced);
      return true;
    }
    if (path === '/sandbox/shouqianba/faults') {
      await faultsControl(req, res, this);
      return true;
    }
    return false;
  }
}
