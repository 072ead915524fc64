import { randomInt } from 'node:crypto';

/** One order as the Zhixiao sandbox keeps it. */
export interface ZhixiaoOrder {
  /** The app the order was made through; other apps cannot see it, and its notify is signed with this app. */
  appId: string;
  outTradeNo: string;
  orderId: string;
  totalFee: number;
  body: string;
  notifyUrl: string;
  returnUrl: string | null;
  /** The hosted pay page the create answered as `url`; null for a mini-program order (the payer pays in WeChat). */
  payPageUrl: string | null;
  /** "1" waiting, "2" paid, "3" failed or closed. */
  status: '1' | '2' | '3';
  refundedFee: number;
  timeEnd: string | null;
  payType: string;
  userNo: string | null;
  userName: string | null;
  invoiced: boolean;
  createdAt: string;
}

/** A Zhixiao error answer: ret_code and its message. */
export class ZhixiaoRefusal extends Error {
  constructor(
    readonly retCode: '-1' | '-2' | '-3',
    message: string,
  ) {
    super(message);
  }
}

const bytes = (s: unknown) => Buffer.byteLength(String(s ?? ''), 'utf8');
const str = (v: unknown) => (v === undefined || v === null ? null : String(v));

/** "yyyy-MM-dd HH:mm:ss" in Asia/Shanghai. */
const shanghaiNow = () => new Date(Date.now() + 8 * 3600_000).toISOString().replace('T', ' ').slice(0, 19);

/** The in-memory order book behind the Zhixiao sandbox: the provider's rules, no transport or crypto. */
export class ZhixiaoBook {
  readonly orders = new Map<string, ZhixiaoOrder>();
  private readonly byOrderId = new Map<string, ZhixiaoOrder>();

  create(
    req: Record<string, unknown>,
    payBaseUrl: string,
    appId: string,
  ): { order: ZhixiaoOrder; url: string; spData?: string } {
    for (const field of ['body', 'out_trade_no', 'total_fee', 'notify_url']) {
      if (!req[field]) throw new ZhixiaoRefusal('-2', `${field}不能为空`);
    }
    if (bytes(req.body) > 128) throw new ZhixiaoRefusal('-2', 'body不能超过128字节');
    if (bytes(req.out_trade_no) > 40) throw new ZhixiaoRefusal('-2', 'out_trade_no不能超过40字节');
    if (!/^\d{1,10}$/.test(String(req.total_fee)) || Number(req.total_fee) < 1) {
      throw new ZhixiaoRefusal('-2', 'total_fee须为以分为单位的正整数字符串');
    }
    if (req.pay_type !== undefined && !req.openid) throw new ZhixiaoRefusal('-2', '小程序支付时openid必填');
    if (String(req.pay_type) === '2') throw new ZhixiaoRefusal('-1', '暂不支持支付宝小程序支付');
    const piaoju = req.piaoju as Record<string, unknown> | undefined;
    if (piaoju) this.checkInvoice(piaoju, 'payer_type');
    if (this.orders.has(String(req.out_trade_no))) throw new ZhixiaoRefusal('-1', '商户订单号重复');
    const orderId = String(1464678934786097 + randomInt(1_000_000_000));
    const url = `${payBaseUrl}/pay/${orderId}`;
    const order: ZhixiaoOrder = {
      appId,
      outTradeNo: String(req.out_trade_no),
      orderId,
      totalFee: Number(req.total_fee),
      body: String(req.body),
      notifyUrl: String(req.notify_url),
      returnUrl: str(req.return_url),
      payPageUrl: req.openid ? null : url,
      status: '1',
      refundedFee: 0,
      timeEnd: null,
      payType: String(req.pay_type ?? '1'),
      userNo: str(req.user_no),
      userName: str(req.user_name),
      invoiced: false,
      createdAt: new Date().toISOString(),
    };
    this.orders.set(order.outTradeNo, order);
    this.byOrderId.set(order.orderId, order);
    const spData = req.openid
      ? JSON.stringify({
          appId: 'wx-sandbox',
          timeStamp: String(Math.floor(Date.now() / 1000)),
          package: `prepay_id=${order.orderId}`,
          signType: 'MD5',
        })
      : undefined;
    return { order, url, ...(spData ? { spData } : {}) };
  }

  find(outTradeNo: unknown): ZhixiaoOrder {
    const order = this.orders.get(String(outTradeNo ?? ''));
    if (!order) throw new ZhixiaoRefusal('-1', '订单不存在');
    return order;
  }

  byId(orderId: string): ZhixiaoOrder | undefined {
    return this.byOrderId.get(orderId);
  }

  cancel(order: ZhixiaoOrder): void {
    if (order.status !== '1') throw new ZhixiaoRefusal('-1', '订单状态不允许取消');
    order.status = '3';
  }

  refund(order: ZhixiaoOrder, refundFee: unknown): void {
    if (order.status !== '2') throw new ZhixiaoRefusal('-1', '订单未支付');
    if (!/^\d{1,10}$/.test(String(refundFee)) || Number(refundFee) < 1)
      throw new ZhixiaoRefusal('-2', 'refund_fee无效');
    if (Number(refundFee) > order.totalFee - order.refundedFee)
      throw new ZhixiaoRefusal('-1', '退款金额超过订单可退款金额');
    order.refundedFee += Number(refundFee);
  }

  invoice(req: Record<string, unknown>): void {
    const order = this.find(req.out_trade_no);
    if (order.status !== '2') throw new ZhixiaoRefusal('-1', '订单未支付,不能开票');
    if (order.invoiced) throw new ZhixiaoRefusal('-1', '订单已开票');
    this.checkInvoice(req, 'pay_type');
    order.invoiced = true;
  }

  private checkInvoice(i: Record<string, unknown>, typeField: string): void {
    const type = String(i[typeField] ?? '');
    if (type !== '1' && type !== '2') throw new ZhixiaoRefusal('-2', `${typeField}须为1或2`);
    if (!i.payer_name) throw new ZhixiaoRefusal('-2', 'payer_name不能为空');
    if (!i.phone) throw new ZhixiaoRefusal('-2', 'phone不能为空');
    if (type === '2' && !i.payer_taxnum) throw new ZhixiaoRefusal('-2', '单位开票须填写payer_taxnum');
  }

  /** The payer on the hosted page. Returns true when the order became paid. */
  payerPay(order: ZhixiaoOrder): boolean {
    if (order.status !== '1') return false;
    order.status = '2';
    order.timeEnd = shanghaiNow();
    return true;
  }

  payerFail(order: ZhixiaoOrder): void {
    if (order.status === '1') order.status = '3';
  }

  identity(uid: unknown): Record<string, string> {
    if (!uid || String(uid).startsWith('000')) throw new ZhixiaoRefusal('-1', '用户不存在');
    return {
      open_id: `LkEb9zWC5x${String(uid).slice(-6)}`,
      user_no: '20140548',
      user_name: '张三',
      sex: '1',
      identity_type: '1',
    };
  }

  card(schoolId: unknown, userNo: unknown): Record<string, string> {
    if (!schoolId || !userNo) throw new ZhixiaoRefusal('-2', 'school_id与user_no不能为空');
    return {
      school_id: String(schoolId),
      user_no: String(userNo),
      user_name: '张三',
      sex: '1',
      identity_type: '1',
      schema_url: `https://ds.alipay.com/?scheme=alipays%3a%2f%2fplatformapi%2fstartapp%3fappId%3d20000021%26card%3d${encodeURIComponent(String(userNo))}`,
    };
  }
}
