import {
  ProviderError,
  ProviderRuleError,
  ProviderTimeoutError,
  SignatureError,
  ValidationError,
} from '../../domain/errors';
import type { Payment, Refund } from '../../domain/payment';
import { sendToProvider } from '../http-client';
import type { CancelOutcome, CreateOutcome, PaymentProvider, QueryOutcome, RefundOutcome } from '../provider';
import { decrypt, sealRequest, signatureMatches, signResponse, type ZhixiaoCredentials } from './codec';
import { shanghaiTimeToIso } from './shanghai-time';
import { retCodes, zhixiaoStatusToPayment } from './status';
import {
  camelCased,
  checkInvoice,
  createResultSchema,
  type InvoiceInput,
  miniprogramParams,
  queryResultSchema,
  responseSchema,
  toCreatePayload,
  toInvoicePayload,
} from './transformers';

export interface ZhixiaoConfig extends ZhixiaoCredentials {
  baseUrl: string;
  /** `${PUBLIC_BASE_URL}/webhooks/zhixiao` */
  notifyUrl: string;
  timeoutMs: number;
}

/** Paths under ZHIXIAO_BASE_URL (PROVIDERS.md). */
export const zhixiaoPaths = {
  create: '/api/order/create',
  query: '/api/order/query',
  cancel: '/api/order/cancel',
  refund: '/api/order/refund',
  identity: '/api/user/auth',
  card: '/api/user/card',
  invoice: '/api/invoice/create',
} as const;

const maxBodyBytes = 128;
/** The error message of a query for an order Zhixiao does not know (PROVIDERS.md). */
export const orderNotFoundMessage = '订单不存在';
const maxOutTradeNoBytes = 40;

/** A decrypted success answer, or the provider's error (code and message, plain or decrypted). */
type Answer = { ok: true; content: unknown } | { ok: false; code: string; message: string };

/** 知校 aggregated campus payment: encrypted, signed form posts; notify is the primary signal, polling the backup. */
export class ZhixiaoAdapter implements PaymentProvider {
  readonly name = 'zhixiao' as const;
  readonly cancelOnce = false;
  /** Query 2.2 says nothing of refunds: "2" (paid) stays after them. */
  readonly queryReportsRefunds = false;
  /** A refund call has no request number of its own: sending it again would refund again. */
  readonly refundRepeatIsSafe = false;
  /** The hosted link may still be paid after a cancel; the notify then reports it. */
  readonly moneyAfterClose = true;

  constructor(private readonly config: ZhixiaoConfig) {}

  checkCreate(p: Payment): void {
    if (Buffer.byteLength(p.subject, 'utf8') > maxBodyBytes) {
      throw new ProviderRuleError('Zhixiao order bodies have at most 128 UTF-8 bytes.', [
        { path: 'subject', message: `at most ${maxBodyBytes} UTF-8 bytes` },
      ]);
    }
    if (Buffer.byteLength(p.id, 'utf8') > maxOutTradeNoBytes) {
      throw new ProviderRuleError('Zhixiao out_trade_no has at most 40 bytes.');
    }
    const input = (p.providerInput.zhixiao ?? {}) as { openid?: string; invoice?: InvoiceInput };
    if (input.invoice) checkInvoice(input.invoice, 'zhixiao.invoice.phone');
    if (p.scene === 'miniprogram' && !input.openid) {
      throw new ValidationError('A Zhixiao mini-program payment needs zhixiao.openid.', [
        { path: 'zhixiao.openid', message: 'required for the miniprogram scene' },
      ]);
    }
  }

  async create(p: Payment): Promise<CreateOutcome> {
    let answer: Answer;
    try {
      answer = await this.call('create', toCreatePayload(p, this.config.notifyUrl));
    } catch (error) {
      if (error instanceof ProviderTimeoutError) return { outcome: 'unknown', reason: error.message, noAnswer: true };
      throw error;
    }
    if (!answer.ok) throw new ProviderError(`ZHIXIAO_${answer.code}`, answer.message);
    const parsed = createResultSchema.safeParse(answer.content);
    if (!parsed.success) return { outcome: 'unknown', reason: 'create answer without order_id' };
    const refs = { orderId: parsed.data.order_id };
    if (p.scene === 'miniprogram') {
      const params = miniprogramParams(parsed.data.sp_data);
      if (!params) return { outcome: 'unknown', reason: 'mini-program answer without sp_data' };
      return { outcome: 'pending', refs, action: { type: 'miniprogram', params } };
    }
    if (!parsed.data.url) return { outcome: 'unknown', reason: 'create answer without url' };
    return { outcome: 'pending', refs, action: { type: 'redirect', url: parsed.data.url } };
  }

  async query(p: Payment): Promise<QueryOutcome> {
    const answer = await this.call('query', { out_trade_no: p.id });
    // Zhixiao has no code for "no such order": this message is that answer, and it is proof.
    if (!answer.ok && answer.message.trim() === orderNotFoundMessage) return { found: false };
    if (!answer.ok) throw new ProviderError(`ZHIXIAO_${answer.code}`, answer.message);
    const parsed = queryResultSchema.safeParse(answer.content);
    if (!parsed.success) throw new ProviderError('UNREADABLE', 'Zhixiao query answer is not of the documented shape');
    const status = zhixiaoStatusToPayment[parsed.data.status];
    const paidAt = status === 'paid' ? shanghaiTimeToIso(parsed.data.time_end) : undefined;
    return {
      found: true,
      status,
      refs: parsed.data.order_id ? { orderId: parsed.data.order_id } : {},
      ...(paidAt ? { paidAt } : {}),
      ...(status === 'failed'
        ? { failure: { code: 'ZHIXIAO_STATUS_3', message: 'Zhixiao reports the payment failed.' } }
        : {}),
    };
  }

  async cancel(p: Payment): Promise<CancelOutcome> {
    let answer: Answer;
    try {
      answer = await this.call('cancel', { out_trade_no: p.id });
    } catch (error) {
      if (error instanceof ProviderTimeoutError) {
        return {
          outcome: 'needs_review',
          failure: { code: 'CANCEL_NO_ANSWER', message: error.message },
          reason: 'cancel_unknown',
        };
      }
      throw error;
    }
    if (!answer.ok) throw new ProviderError(`ZHIXIAO_${answer.code}`, answer.message);
    return { outcome: 'canceled' };
  }

  checkRefund(): void {}

  async refund(p: Payment, r: Refund): Promise<RefundOutcome> {
    let answer: Answer;
    try {
      answer = await this.call('refund', { out_trade_no: p.id, refund_fee: String(r.amount) });
    } catch (error) {
      if (error instanceof ProviderTimeoutError) return { outcome: 'pending', reason: error.message };
      throw error;
    }
    return answer.ok
      ? { outcome: 'succeeded' }
      : { outcome: 'failed', failure: { code: `ZHIXIAO_${answer.code}`, message: answer.message } };
  }

  /** 2.8: issue an invoice for a paid order. */
  async invoice(p: Payment, invoice: InvoiceInput): Promise<void> {
    const answer = await this.call('invoice', toInvoicePayload(p, invoice));
    if (!answer.ok) throw new ProviderError(`ZHIXIAO_${answer.code}`, answer.message);
  }

  /** 2.6: who a WeChat/Alipay uid is at the school, camelCased. */
  async identity(uid: string): Promise<Record<string, unknown>> {
    return this.passThrough('identity', { uid });
  }

  /** 2.7: a student's or teacher's e-campus-card link (Alipay only), camelCased. */
  async card(schoolId: string, userNo: string): Promise<Record<string, unknown>> {
    return this.passThrough('card', { school_id: schoolId, user_no: userNo });
  }

  private async passThrough(op: 'identity' | 'card', payload: Record<string, string>) {
    const answer = await this.call(op, payload);
    if (!answer.ok) throw new ProviderError(`ZHIXIAO_${answer.code}`, answer.message);
    if (!answer.content || typeof answer.content !== 'object') {
      throw new ProviderError('UNREADABLE', `Zhixiao ${op} answer is not an object`);
    }
    return camelCased(answer.content as Record<string, unknown>);
  }

  /**
   * One signed, encrypted form post. The answer's signature is checked first (a bad one is a `SignatureError`,
   * never success); an HTTP error or an unreadable body leaves the outcome unknown (`ProviderTimeoutError`).
   */
  private async call(op: keyof typeof zhixiaoPaths, payload: unknown): Promise<Answer> {
    const form = new URLSearchParams(sealRequest(payload, this.config)).toString();
    const res = await sendToProvider(
      'zhixiao',
      op,
      `${this.config.baseUrl}${zhixiaoPaths[op]}`,
      { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form },
      this.config.timeoutMs,
    );
    if (res.status >= 300) throw new ProviderTimeoutError(`Zhixiao ${op} answered HTTP ${res.status}`);
    let parsed: ReturnType<typeof responseSchema.safeParse>;
    try {
      parsed = responseSchema.safeParse(JSON.parse(res.text));
    } catch {
      throw new ProviderTimeoutError(`Zhixiao ${op} answered a body that is not JSON`);
    }
    if (!parsed.success) throw new ProviderTimeoutError(`Zhixiao ${op} answered without ret_code/sign`);
    const { ret_code, ret_content, sign } = parsed.data;
    if (!signatureMatches(signResponse(ret_code, ret_content, this.config.appSecret), sign)) {
      throw new SignatureError(`Zhixiao ${op} answer failed its signature check.`);
    }
    if (ret_code !== retCodes.success) {
      return { ok: false, code: ret_code, message: this.readError(ret_content) };
    }
    try {
      return { ok: true, content: ret_content ? JSON.parse(decrypt(ret_content, this.config.aesKey)) : null };
    } catch {
      throw new ProviderTimeoutError(`Zhixiao ${op} answered content that does not decrypt`);
    }
  }

  /** Error text comes plain or encrypted. */
  private readError(content: string): string {
    try {
      return decrypt(content, this.config.aesKey);
    } catch {
      return content;
    }
  }
}
