import { ProviderError, ProviderRuleError, ProviderTimeoutError } from '../../domain/errors';
import type { Payment, Refund } from '../../domain/payment';
import { sendToProvider } from '../http-client';
import type { CancelOutcome, CreateOutcome, PaymentProvider, QueryOutcome, RefundOutcome } from '../provider';
import { authorizationHeader } from './codec';
import {
  cancelInvalidStateCode,
  cancelResultToOutcome,
  orderNotFoundCodes,
  payResultToPayment,
  precreateResultToPayment,
  refundResultToOutcome,
} from './status';
import {
  type BizResponse,
  envelopeSchema,
  failureOf,
  paymentStatusOf,
  refsOf,
  refundedAmountOf,
  timeOf,
  toOrderRef,
  toPayRequest,
  toPrecreateRequest,
  toRefundRequest,
} from './transformers';

export interface ShouqianbaConfig {
  baseUrl: string;
  terminalSn: string;
  terminalKey: string;
  timeoutMs: number;
}

/** `total_amount` is at most 10 digits. */
const maxAmount = 9_999_999_999;
const maxSubjectChars = 64;

const isKnown = <T extends object>(table: T, key: string): key is Extract<keyof T, string> => Object.hasOwn(table, key);

/** Shouqianba (收钱吧) Upay v2: barcode pay, precreate, query, refund, cancel (撤单). */
export class ShouqianbaAdapter implements PaymentProvider {
  readonly name = 'shouqianba' as const;
  readonly cancelOnce = false;
  /** `net_amount` in every query answer says how much was refunded. */
  readonly queryReportsRefunds = true;
  /** The same `refund_request_no` is the same refund: Shouqianba answers for it again. */
  readonly refundRepeatIsSafe = true;
  /** A 撤单 answer is final: it reverses money it finds, so none arrives after it. */
  readonly moneyAfterClose = false;

  constructor(private readonly config: ShouqianbaConfig) {}

  checkCreate(p: Payment): void {
    if (p.amount > maxAmount) {
      throw new ProviderRuleError('Shouqianba amounts have at most 10 digits of fen.', [
        { path: 'amount', message: `at most ${maxAmount}` },
      ]);
    }
    if ([...p.subject].length > maxSubjectChars) {
      throw new ProviderRuleError('Shouqianba subjects have at most 64 characters.', [
        { path: 'subject', message: `at most ${maxSubjectChars} characters` },
      ]);
    }
  }

  async create(p: Payment, authCode?: string): Promise<CreateOutcome> {
    const terminal = { terminalSn: this.config.terminalSn };
    const isBarcode = p.scene === 'barcode';
    let biz: BizResponse;
    try {
      biz = isBarcode
        ? await this.exchange('pay', toPayRequest(p, terminal, authCode ?? ''))
        : await this.exchange('precreate', toPrecreateRequest(p, terminal));
    } catch (error) {
      if (error instanceof ProviderTimeoutError) return { outcome: 'unknown', reason: error.message, noAnswer: true };
      throw error;
    }
    const refs = refsOf(biz.data);
    const table: Record<string, 'paid' | 'failed' | 'needs_review' | 'pending'> = isBarcode
      ? payResultToPayment
      : precreateResultToPayment;
    const mapped = isKnown(table, biz.result_code) ? table[biz.result_code] : undefined;
    switch (mapped) {
      case 'paid':
        return { outcome: 'paid', refs, ...withPaidAt(timeOf(biz.data?.channel_finish_time ?? biz.data?.finish_time)) };
      case 'failed':
        return { outcome: 'failed', refs, failure: failureOf(biz) };
      case 'needs_review':
        return { outcome: 'needs_review', refs, failure: failureOf(biz), reason: 'pay_unknown' };
      case 'pending': {
        const qrCode = biz.data?.qr_code;
        if (!qrCode) return { outcome: 'unknown', reason: 'PRECREATE_SUCCESS without qr_code' };
        return { outcome: 'pending', refs, action: { type: 'qrcode', qrCode } };
      }
      case undefined:
        // The doc's pay flow: any other result code is a payment in progress, settled by polling.
        return isBarcode
          ? { outcome: 'pending', refs, action: null }
          : { outcome: 'unknown', reason: `precreate answered ${biz.result_code}` };
    }
  }

  async query(p: Payment): Promise<QueryOutcome> {
    const biz = await this.exchange('query', toOrderRef(p, { terminalSn: this.config.terminalSn }));
    if (biz.result_code === 'FAIL' && orderNotFoundCodes.includes(biz.error_code ?? '')) return { found: false };
    const status = biz.result_code === 'SUCCESS' && biz.data ? paymentStatusOf(biz.data) : undefined;
    if (!biz.data || !status) {
      throw new ProviderError(biz.error_code ?? biz.result_code, biz.error_message ?? 'query gave no order status');
    }
    const refundedAmount = refundedAmountOf(biz.data);
    return {
      found: true,
      status,
      refs: refsOf(biz.data),
      ...withPaidAt(status === 'paid' ? timeOf(biz.data.channel_finish_time ?? biz.data.finish_time) : undefined),
      ...(status === 'failed' || status === 'needs_review'
        ? { failure: { code: biz.data.order_status ?? 'UNKNOWN', message: `order_status ${biz.data.order_status}` } }
        : {}),
      ...(refundedAmount === undefined ? {} : { refundedAmount }),
    };
  }

  async cancel(p: Payment): Promise<CancelOutcome> {
    let biz: BizResponse;
    try {
      biz = await this.exchange('cancel', toOrderRef(p, { terminalSn: this.config.terminalSn }));
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
    if (isKnown(cancelResultToOutcome, biz.result_code)) {
      const outcome = cancelResultToOutcome[biz.result_code];
      return outcome === 'canceled' ? { outcome } : { outcome, failure: failureOf(biz), reason: 'cancel_unknown' };
    }
    if (biz.result_code === 'FAIL' && orderNotFoundCodes.includes(biz.error_code ?? ''))
      return { outcome: 'not_found' };
    if (biz.result_code === 'FAIL' && biz.error_code === cancelInvalidStateCode) {
      return { outcome: 'refused_state', failure: failureOf(biz) };
    }
    return { outcome: 'needs_review', failure: failureOf(biz), reason: 'cancel_unknown' };
  }

  checkRefund(): void {}

  async refund(p: Payment, r: Refund): Promise<RefundOutcome> {
    let biz: BizResponse;
    try {
      biz = await this.exchange('refund', toRefundRequest(p, { terminalSn: this.config.terminalSn }, r));
    } catch (error) {
      if (error instanceof ProviderTimeoutError) return { outcome: 'pending', reason: error.message };
      if (error instanceof ProviderError) {
        return { outcome: 'failed', failure: { code: error.providerCode, message: error.message } };
      }
      throw error;
    }
    const outcome = isKnown(refundResultToOutcome, biz.result_code)
      ? refundResultToOutcome[biz.result_code]
      : 'pending';
    if (outcome === 'failed') return { outcome, failure: failureOf(biz) };
    if (outcome === 'pending') return { outcome, reason: `refund answered ${biz.result_code}` };
    return { outcome };
  }

  /**
   * One signed call. Returns `biz_response`; a top-level `result_code` 400 or 500 is a definite error answer
   * (`ProviderError`); an HTTP 5xx or an unreadable answer leaves the outcome unknown (`ProviderTimeoutError`).
   */
  private async exchange(op: string, payload: Record<string, unknown>): Promise<BizResponse> {
    const body = JSON.stringify(payload);
    const answer = await sendToProvider(
      'shouqianba',
      op,
      `${this.config.baseUrl}/upay/v2/${op}`,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: authorizationHeader(this.config.terminalSn, body, this.config.terminalKey),
        },
        body,
      },
      this.config.timeoutMs,
    );
    if (answer.status >= 500) throw new ProviderTimeoutError(`Shouqianba ${op} answered HTTP ${answer.status}`);
    let parsed: ReturnType<typeof envelopeSchema.safeParse>;
    try {
      parsed = envelopeSchema.safeParse(JSON.parse(answer.text));
    } catch {
      throw new ProviderTimeoutError(`Shouqianba ${op} answered HTTP ${answer.status} with no JSON`);
    }
    if (!parsed.success) throw new ProviderTimeoutError(`Shouqianba ${op} answered an unreadable body`);
    const envelope = parsed.data;
    if (envelope.result_code === '200' && envelope.biz_response) return envelope.biz_response;
    const code = envelope.error_code ?? envelope.result_code;
    const message = envelope.error_message ?? '';
    if (envelope.result_code === '400' || envelope.result_code === '500') throw new ProviderError(code, message);
    throw new ProviderTimeoutError(`Shouqianba ${op} answered ${envelope.result_code} ${code}: ${message}`);
  }
}

const withPaidAt = (paidAt: string | undefined) => (paidAt ? { paidAt } : {});
