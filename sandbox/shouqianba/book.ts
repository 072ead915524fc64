import { randomInt } from 'node:crypto';
import type { OrderStatus } from '../../lib/providers/shouqianba/status';

/** One order as the Shouqianba sandbox keeps it. */
export interface SandboxOrder {
  sn: string;
  /** The terminal the order was made through; other terminals cannot see it. */
  terminalSn: string;
  clientSn: string;
  kind: 'pay' | 'precreate';
  totalAmount: number;
  netAmount: number;
  subject: string;
  operator: string;
  payway: string;
  orderStatus: OrderStatus;
  tradeNo: string;
  /** Queries left before a `1388` barcode pays. */
  paysAfterQueries: number | null;
  refunds: Map<string, number>;
  /** The `qr_code` a precreate answered (what the payer scans); null for a barcode pay. */
  qrCode: string | null;
  finishTime: string;
  createdAt: string;
}

export type Biz = { result_code: string; error_code?: string; error_message?: string; data?: Record<string, string> };

/** Barcode test codes (PROVIDERS.md "Sandboxes"). */
const barcodeBehaviour = (authCode: string) => {
  if (authCode.startsWith('1399')) return 'pays' as const;
  if (authCode.startsWith('1388')) return 'pays_on_third_query' as const;
  if (authCode.startsWith('1300')) return 'insufficient_funds' as const;
  if (authCode.startsWith('1377')) return 'pay_fail_error' as const;
  return 'waits_for_payer' as const;
};

const fail = (code: string, message: string): Biz => ({
  result_code: 'FAIL',
  error_code: code,
  error_message: message,
});

/** The in-memory order book behind the Shouqianba sandbox: the provider's rules, no transport. */
export class ShouqianbaBook {
  readonly orders = new Map<string, SandboxOrder>();
  private readonly bySn = new Map<string, SandboxOrder>();

  private now = () => String(Date.now());

  dataOf(o: SandboxOrder, status = 'SUCCESS'): Record<string, string> {
    return {
      sn: o.sn,
      client_sn: o.clientSn,
      trade_no: o.tradeNo,
      status,
      order_status: o.orderStatus,
      payway: o.payway,
      sub_payway: o.kind === 'pay' ? '1' : '2',
      total_amount: String(o.totalAmount),
      net_amount: String(o.netAmount),
      subject: o.subject,
      operator: o.operator,
      finish_time: o.finishTime,
      channel_finish_time: o.finishTime,
    };
  }

  find(ref: { sn?: string; client_sn?: string }): SandboxOrder | undefined {
    return (ref.sn ? this.bySn.get(ref.sn) : undefined) ?? (ref.client_sn ? this.orders.get(ref.client_sn) : undefined);
  }

  private open(kind: SandboxOrder['kind'], req: Record<string, string>): SandboxOrder | Biz {
    if (this.orders.has(req.client_sn as string)) return fail('CLIENT_SN_CONFLICT', 'client_sn在系统中已存在');
    const o: SandboxOrder = {
      sn: `78${String(randomInt(10 ** 13)).padStart(14, '0')}`,
      terminalSn: req.terminal_sn as string,
      clientSn: req.client_sn as string,
      kind,
      totalAmount: Number(req.total_amount),
      netAmount: Number(req.total_amount),
      subject: req.subject as string,
      operator: req.operator as string,
      payway: req.payway ?? '3',
      orderStatus: 'CREATED',
      tradeNo: '',
      paysAfterQueries: null,
      refunds: new Map(),
      qrCode: null,
      finishTime: this.now(),
      createdAt: new Date().toISOString(),
    };
    this.orders.set(o.clientSn, o);
    this.bySn.set(o.sn, o);
    return o;
  }

  pay(req: Record<string, string>): Biz {
    const opened = this.open('pay', req);
    if (!('sn' in opened)) return opened;
    const o = opened;
    switch (barcodeBehaviour(req.dynamic_id as string)) {
      case 'pays':
        this.markPaid(o);
        return { result_code: 'PAY_SUCCESS', data: this.dataOf(o) };
      case 'insufficient_funds':
        o.orderStatus = 'PAY_CANCELED';
        return {
          ...fail('INSUFFICIENT_FUND', '账户金额不足'),
          result_code: 'PAY_FAIL',
          data: this.dataOf(o, 'FAIL_CANCELED'),
        };
      case 'pay_fail_error':
        o.orderStatus = 'PAY_ERROR';
        return {
          ...fail('UNEXPECTED_PROVIDER_ERROR', '支付操作失败并且不确定第三方支付通道状态'),
          result_code: 'PAY_FAIL_ERROR',
          data: this.dataOf(o, 'FAIL_ERROR'),
        };
      case 'pays_on_third_query':
        o.paysAfterQueries = 3;
        return { result_code: 'PAY_IN_PROGRESS', data: this.dataOf(o, 'IN_PROG') };
      case 'waits_for_payer':
        return { result_code: 'PAY_IN_PROGRESS', data: this.dataOf(o, 'IN_PROG') };
    }
  }

  precreate(req: Record<string, string>): Biz {
    if (!req.payway)
      return { result_code: 'PRECREATE_FAIL', error_code: 'INVALID_PARAMS', error_message: 'payway不可以为空' };
    const opened = this.open('precreate', req);
    if (!('sn' in opened)) return opened;
    opened.qrCode = `https://qr.sandbox.shouqianba/${opened.sn}`;
    return { result_code: 'PRECREATE_SUCCESS', data: { ...this.dataOf(opened), qr_code: opened.qrCode } };
  }

  query(req: Record<string, string>): Biz {
    const o = this.find(req);
    if (!o) return fail('UPAY_ORDER_NOT_EXISTS', '订单不存在');
    if (o.paysAfterQueries !== null && o.orderStatus === 'CREATED') {
      o.paysAfterQueries -= 1;
      if (o.paysAfterQueries <= 0) this.markPaid(o);
    }
    return { result_code: 'SUCCESS', data: this.dataOf(o) };
  }

  cancel(req: Record<string, string>): Biz {
    const o = this.find(req);
    if (!o) return fail('UPAY_ORDER_NOT_EXISTS', '订单不存在');
    if (o.orderStatus !== 'CREATED' && o.orderStatus !== 'PAID') {
      return fail('UPAY_CANCEL_INVALID_ORDER_STATE', `当前的订单状态是${o.orderStatus}`);
    }
    const aborted = o.orderStatus === 'CREATED' && o.kind === 'pay';
    o.orderStatus = 'CANCELED';
    o.netAmount = 0;
    o.finishTime = this.now();
    return { result_code: aborted ? 'CANCEL_ABORT_SUCCESS' : 'CANCEL_SUCCESS', data: this.dataOf(o) };
  }

  refund(req: Record<string, string>): Biz {
    const o = this.find(req);
    if (!o) return fail('UPAY_ORDER_NOT_EXISTS', '订单不存在');
    const amount = Number(req.refund_amount);
    const requestNo = req.refund_request_no as string;
    const earlier = o.refunds.get(requestNo);
    if (earlier !== undefined) {
      return earlier === amount
        ? { result_code: 'REFUND_SUCCESS', data: this.dataOf(o) }
        : fail('REFUND_REQUEST_CONFLICT', '重复的退款请求');
    }
    if (o.orderStatus !== 'PAID' && o.orderStatus !== 'PARTIAL_REFUNDED') {
      return fail('UPAY_REFUND_INVALID_ORDER_STATE', '无法对错误的订单状态执行退款操作');
    }
    if (amount > o.netAmount) return fail('REFUND_AMT_NOT_EQUAL_TOTAL', '退款金额无效');
    o.refunds.set(requestNo, amount);
    o.netAmount -= amount;
    o.orderStatus = o.netAmount === 0 ? 'REFUNDED' : 'PARTIAL_REFUNDED';
    o.finishTime = this.now();
    return { result_code: 'REFUND_SUCCESS', data: this.dataOf(o) };
  }

  /** Payer controls: the payer confirms or abandons an order still waiting. */
  payerPay(ref: string): SandboxOrder | undefined {
    const o = this.find({ sn: ref, client_sn: ref });
    if (o?.orderStatus === 'CREATED') this.markPaid(o);
    return o;
  }

  payerFail(ref: string): SandboxOrder | undefined {
    const o = this.find({ sn: ref, client_sn: ref });
    if (o?.orderStatus === 'CREATED') o.orderStatus = 'PAY_CANCELED';
    return o;
  }

  private markPaid(o: SandboxOrder): void {
    o.orderStatus = 'PAID';
    o.tradeNo = `42${String(randomInt(10 ** 13)).padStart(26, '0')}`;
    o.finishTime = this.now();
  }
}
