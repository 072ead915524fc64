import { randomInt, randomUUID } from 'node:crypto';
import { yuanToFen } from '../../lib/domain/money';
import { shanghaiDay } from '../../lib/providers/tcc/adapter';
import {
  barcodeCodes,
  bodyCodes,
  offlineCodes,
  type PaymentTypeCode,
  paymentTypeCodes,
  type TccStatus,
} from '../../lib/providers/tcc/status';

/** One order as the TCC sandbox keeps it. */
export interface TccOrder {
  orderId: string;
  /** The token the order was made with ('' without auth); other tokens cannot see it. */
  account: string;
  paymentTypeCode: PaymentTypeCode;
  feeFen: number;
  body: string;
  /** The caller's `remark`, kept as TCC keeps it (the fault proof tags its orders with it). */
  remark: string | null;
  status: TccStatus;
  /** The `qrCodeUrl` the pay call answered (scan and page codes); null for the others. */
  qrCodeUrl: string | null;
  /** Queries left before a `1388` barcode pays. */
  paysAfterQueries: number | null;
  financialIds: number[];
  cancelCalled: boolean;
  refundedFen: number;
  repays: number;
  createdAt: number;
  paidAt: number | null;
}

/** A rejection in TCC's envelope: `{code, data: null, desc}`. */
export class TccRefusal extends Error {
  constructor(
    readonly code: number,
    readonly desc: string,
  ) {
    super(desc);
  }
}

const repayAfterMs = 3 * 60 * 1000;

/** "需小于1w,并保留两位小数": below 10 000 yuan, written with exactly two decimals. */
const yuanNumberText = /^\d{1,4}\.\d{2}$/;

/** The in-memory order book behind the TCC sandbox: the rules the real service enforces, no transport. */
export class TccBook {
  readonly orders = new Map<string, TccOrder>();
  /** Shifts the sandbox's clock, so tests can age orders past the 3-minute repay rule or into another day. */
  clockOffsetMs = 0;

  now = () => Date.now() + this.clockOffsetMs;

  /** `rawFee` is the fee exactly as written in the JSON text. */
  pay(req: Record<string, unknown>, rawFee: string | undefined, account = ''): TccOrder {
    for (const field of [
      'orgId',
      'userId',
      'userType',
      'paymentTypeCode',
      'fee',
      'financialType',
      'content',
      'operator',
    ]) {
      if (req[field] === undefined || req[field] === null || req[field] === '')
        throw new TccRefusal(400, `${field}不能为空`);
    }
    const code = req.paymentTypeCode as PaymentTypeCode;
    if (!paymentTypeCodes.includes(code)) throw new TccRefusal(400, `不支持的支付方式 ${String(code)}`);
    if (typeof req.fee !== 'number' || !rawFee || !yuanNumberText.test(rawFee)) {
      throw new TccRefusal(400, 'fee需小于1w,并保留两位小数');
    }
    const feeFen = yuanToFen(rawFee);
    let content: unknown;
    try {
      content = JSON.parse(String(req.content));
    } catch {
      throw new TccRefusal(400, 'content不是JSON字符串数组');
    }
    if (!Array.isArray(content) || content.length === 0) throw new TccRefusal(400, 'content不是JSON字符串数组');
    const fees = content.map((e) => (e && typeof e === 'object' ? (e as { fee?: unknown }).fee : undefined));
    if (fees.some((f) => typeof f !== 'string')) throw new TccRefusal(400, 'content每个对象都必须包含字段fee');
    if (fees.reduce((sum: number, f) => sum + yuanToFen(f as string), 0) !== feeFen) {
      throw new TccRefusal(400, 'content中fee的总和需与订单金额一致');
    }
    if (barcodeCodes.includes(code) && !req.authCode) throw new TccRefusal(400, 'authCode不能为空');
    if (bodyCodes.includes(code) && !req.body) throw new TccRefusal(400, 'body不能为空');
    const authCode = String(req.authCode ?? '');
    if (barcodeCodes.includes(code) && authCode.startsWith('1300'))
      throw new TccRefusal(400, '余额不足 (INSUFFICIENT_FUND)');

    const order: TccOrder = {
      orderId: randomUUID(),
      account,
      paymentTypeCode: code,
      feeFen,
      body: String(req.body ?? ''),
      remark: typeof req.remark === 'string' ? req.remark : null,
      status: 0,
      qrCodeUrl: null,
      paysAfterQueries: null,
      financialIds: content.map(() => randomInt(1, 99)),
      cancelCalled: false,
      refundedFen: 0,
      repays: 0,
      createdAt: this.now(),
      paidAt: null,
    };
    this.orders.set(order.orderId, order);
    if (code === 'OFFLINE_CNY' || (barcodeCodes.includes(code) && authCode.startsWith('1399'))) this.markPaid(order);
    if (barcodeCodes.includes(code) && authCode.startsWith('1388')) order.paysAfterQueries = 3;
    if (['WX_NATIVE', 'UNION_SCAN', 'ALIPAY_MOBILE', 'ALIPAY_PC'].includes(code)) {
      order.qrCodeUrl = `https://pay.sandbox.tcc/${code.toLowerCase()}/${order.orderId}`;
    }
    return order;
  }

  get(orderId: string): TccOrder | undefined {
    return this.orders.get(orderId);
  }

  query(o: TccOrder): TccStatus {
    if (o.paysAfterQueries !== null && o.status === 0) {
      o.paysAfterQueries -= 1;
      if (o.paysAfterQueries <= 0) this.markPaid(o);
    }
    return o.status;
  }

  refund(o: TccOrder, refundFee: string | undefined): boolean {
    if (o.status === 3 || o.refundedFen > 0) throw new TccRefusal(400, '已退款的订单不支持再次退款');
    if (o.status !== 1) return false;
    const fen = refundFee ? yuanToFen(refundFee) : o.feeFen;
    const offline = offlineCodes.includes(o.paymentTypeCode);
    if (!offline && fen !== o.feeFen) throw new TccRefusal(400, '在线支付只支持全额退款');
    if (fen > o.feeFen) throw new TccRefusal(400, '退款金额超过订单金额');
    if (!offline && shanghaiDay(new Date(o.paidAt ?? o.createdAt)) !== shanghaiDay(new Date(this.now()))) {
      throw new TccRefusal(400, '在线支付只支持对当天交易订单进行退款');
    }
    o.refundedFen = fen;
    o.status = 3;
    return true;
  }

  cancel(o: TccOrder): boolean {
    if (o.cancelCalled) throw new TccRefusal(400, '此接口只可调用一次');
    o.cancelCalled = true;
    if (o.status !== 0) return false;
    o.status = 2;
    return true;
  }

  repay(o: TccOrder, req: Record<string, unknown>): boolean {
    if (o.status !== 0) throw new TccRefusal(400, '仅支持未支付的订单');
    if (this.now() - o.createdAt < repayAfterMs) throw new TccRefusal(400, '仅支持已超过3分钟的订单');
    const code = req.paymentTypeCode as PaymentTypeCode;
    if (!paymentTypeCodes.includes(code)) throw new TccRefusal(400, `不支持的支付方式 ${String(code)}`);
    if (barcodeCodes.includes(code) && !req.authCode) throw new TccRefusal(400, 'authCode不能为空');
    o.paymentTypeCode = code;
    o.repays += 1;
    o.createdAt = this.now();
    o.cancelCalled = false;
    const authCode = String(req.authCode ?? '');
    if (barcodeCodes.includes(code) && authCode.startsWith('1399')) this.markPaid(o);
    return true;
  }

  /** Makes an order `ms` older, as if it had been created that much earlier (for the 3-minute repay rule). */
  age(o: TccOrder, ms: number): TccOrder {
    o.createdAt -= ms;
    return o;
  }

  /** Payer controls. */
  payerPay(o: TccOrder): void {
    if (o.status === 0) this.markPaid(o);
  }

  payerFail(o: TccOrder): void {
    if (o.status === 0) o.status = 2;
  }

  /** TCC's "special means": money arrives on an order that was already canceled. */
  payAfterCancel(o: TccOrder): void {
    if (o.status === 2) this.markPaid(o);
  }

  private markPaid(o: TccOrder): void {
    o.status = 1;
    o.paidAt = this.now();
  }
}
