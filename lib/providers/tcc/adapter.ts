import {
  InvalidStateError,
  ProviderError,
  ProviderRuleError,
  ProviderTimeoutError,
  UnsupportedMethodError,
} from '../../domain/errors';
import { fenToYuan } from '../../domain/money';
import type { Payment, Refund } from '../../domain/payment';
import { sendToProvider } from '../http-client';
import type {
  CancelOutcome,
  CreateOutcome,
  PaymentProvider,
  QueryOutcome,
  RefundOutcome,
  RepayChange,
  RepayOutcome,
} from '../provider';
import { barcodeCodes, offlineCodes, type PaymentTypeCode, paymentTypeCodeOf, tccStatusToPayment } from './status';
import {
  actionOf,
  createDataSchema,
  envelopeSchema,
  parseLenient,
  refsOf,
  statusDataSchema,
  toPayBody,
  toRepayBody,
} from './transformers';

export interface TccConfig {
  baseUrl: string;
  token?: string | undefined;
  timeoutMs: number;
}

/** `fee` must stay below 10 000 yuan. */
const maxAmountFen = 999_999;
/** TCC's QR codes live 3 minutes; an order may be re-issued only after that. */
const repayAfterMs = 3 * 60 * 1000;
const shanghaiOffsetMs = 8 * 60 * 60 * 1000;

/** The calendar day in Asia/Shanghai (UTC+8 all year) of an instant. */
export const shanghaiDay = (iso: string | Date): string =>
  new Date(new Date(iso).getTime() + shanghaiOffsetMs).toISOString().slice(0, 10);

const codeOf = (p: Pick<Payment, 'scene' | 'wallet'>): PaymentTypeCode => {
  const code = paymentTypeCodeOf(p.scene, p.wallet);
  if (!code) throw new UnsupportedMethodError(`TCC has no payment type for scene ${p.scene} with wallet ${p.wallet}.`);
  return code;
};

/** The order reference TCC gave us; without it the order cannot be addressed at all. */
const orderIdOf = (p: Payment): string | undefined => p.providerRefs.orderId;

/** Codes whose pay call itself can move money: the payer's barcode is charged, or cash is booked. */
const chargesAtCreate = (code: PaymentTypeCode) => barcodeCodes.includes(code) || offlineCodes.includes(code);

/**
 * A pay call without a usable answer. TCC cannot be asked by our order number, so the order can never be found:
 * where the call itself may have moved money a person must look; where a payer needs the QR code or link we never
 * got, nobody can pay, and the create is answered as a provider error with nothing kept.
 */
const noOrderRef = (code: PaymentTypeCode, why: string): CreateOutcome => {
  if (!chargesAtCreate(code)) {
    throw new ProviderError('NO_ANSWER', `${why}; without its QR code or link nobody can pay, so nothing was kept`);
  }
  return {
    outcome: 'needs_review',
    refs: {},
    failure: { code: 'NO_ORDER_ID', message: `${why}; money may have moved` },
    reason: 'no_order_ref',
  };
};

/** Interlib TCC settlement open-api: pay, status, refund (DELETE), cancel, repay. No callbacks: status is polled. */
export class TccAdapter implements PaymentProvider {
  readonly name = 'tcc' as const;
  readonly cancelOnce = true;
  /** Status 3 says the order was refunded (TCC refunds an order once). */
  readonly queryReportsRefunds = true;
  /** A second refund call is refused by TCC's once-per-order rule, never answered for the first. */
  readonly refundRepeatIsSafe = false;
  /** A canceled or re-issued order may still be paid "by special means". */
  readonly moneyAfterClose = true;

  constructor(private readonly config: TccConfig) {}

  checkCreate(p: Payment): void {
    codeOf(p);
    if (p.amount > maxAmountFen) {
      throw new ProviderRuleError('TCC orders must be below 10000 yuan.', [
        { path: 'amount', message: `at most ${maxAmountFen} fen` },
      ]);
    }
  }

  async create(p: Payment, authCode?: string): Promise<CreateOutcome> {
    const code = codeOf(p);
    let data: unknown;
    try {
      data = await this.exchange('pay', 'POST', '', toPayBody(p, code, authCode));
    } catch (error) {
      if (error instanceof ProviderTimeoutError) return noOrderRef(code, error.message);
      throw error;
    }
    const parsed = createDataSchema.safeParse(data);
    if (!parsed.success) return noOrderRef(code, 'TCC answered the pay call without a usable orderId');
    const refs = refsOf(parsed.data);
    switch (tccStatusToPayment[parsed.data.status ?? 0]) {
      case 'paid':
        return { outcome: 'paid', refs };
      case 'pending':
        return { outcome: 'pending', refs, action: actionOf(code, parsed.data.qrCodeUrl) };
      case 'canceled':
        return { outcome: 'failed', refs, failure: { code: 'TCC_CANCELED', message: 'TCC closed the order at once.' } };
      case 'refunded':
        return {
          outcome: 'needs_review',
          refs,
          failure: { code: 'TCC_REFUNDED', message: 'TCC reports a new order refunded.' },
          reason: 'provider_disagrees',
        };
    }
  }

  async query(p: Payment): Promise<QueryOutcome> {
    const orderId = orderIdOf(p);
    if (!orderId) throw new ProviderError('NO_ORDER_ID', 'No TCC orderId was stored: the order cannot be queried.');
    let data: unknown;
    try {
      data = await this.exchange('query', 'GET', `/${encodeURIComponent(orderId)}?${this.operator(p)}`);
    } catch (error) {
      if (error instanceof ProviderError && error.providerCode === 'HTTP_404') return { found: false };
      throw error;
    }
    const status = statusDataSchema.safeParse(data);
    if (!status.success) throw new ProviderError('UNKNOWN_STATUS', `TCC answered status ${JSON.stringify(data)}`);
    const mapped = tccStatusToPayment[status.data];
    // TCC refunds an order once and says only whether it did: status 1 is nothing refunded; status 3 carries no
    // amount, and the apply rules read it against the payment as it stands when the answer is applied.
    return { found: true, status: mapped, refs: { orderId }, ...(mapped === 'paid' ? { refundedAmount: 0 } : {}) };
  }

  async cancel(p: Payment): Promise<CancelOutcome> {
    const orderId = orderIdOf(p);
    if (!orderId) {
      return {
        outcome: 'needs_review',
        failure: { code: 'NO_ORDER_ID', message: 'No TCC orderId was stored.' },
        reason: 'no_order_ref',
      };
    }
    let data: unknown;
    try {
      data = await this.exchange('cancel', 'GET', `/cancel/${encodeURIComponent(orderId)}?${this.operator(p)}`);
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
    return data === true
      ? { outcome: 'canceled' }
      : { outcome: 'refused_state', failure: { code: 'CANCEL_REFUSED', message: 'TCC did not cancel the order.' } };
  }

  checkRefund(p: Payment, amount: number, now: Date): void {
    if (p.refunds.some((r) => r.status !== 'failed')) {
      throw new ProviderRuleError('TCC refunds an order only once.');
    }
    const online = !offlineCodes.includes(codeOf(p));
    if (online && amount !== p.amount) {
      throw new ProviderRuleError('TCC refunds an online payment only in full; partial refunds are for OFFLINE_CNY.', [
        { path: 'amount', message: `must be ${p.amount}` },
      ]);
    }
    const tradeDay = shanghaiDay(p.paidAt ?? p.createdAt);
    if (online && tradeDay !== shanghaiDay(now)) {
      throw new ProviderRuleError(`TCC refunds an online payment only on its trade day (${tradeDay}, Asia/Shanghai).`);
    }
  }

  async refund(p: Payment, r: Refund): Promise<RefundOutcome> {
    const orderId = orderIdOf(p);
    if (!orderId) return { outcome: 'failed', failure: { code: 'NO_ORDER_ID', message: 'No TCC orderId was stored.' } };
    let data: unknown;
    try {
      const query = `${this.operator(p, r.operator)}&refundFee=${encodeURIComponent(fenToYuan(r.amount))}`;
      data = await this.exchange('refund', 'DELETE', `/${encodeURIComponent(orderId)}?${query}`);
    } catch (error) {
      if (error instanceof ProviderTimeoutError) return { outcome: 'pending', reason: error.message };
      if (error instanceof ProviderError) {
        return { outcome: 'failed', failure: { code: error.providerCode, message: error.message } };
      }
      throw error;
    }
    return data === true
      ? { outcome: 'succeeded' }
      : { outcome: 'failed', failure: { code: 'REFUND_REFUSED', message: 'TCC did not refund the order.' } };
  }

  readonly repay = {
    check: (p: Payment, now: Date): void => {
      if (p.status !== 'pending') {
        throw new ProviderRuleError(`TCC re-issues only unpaid orders; this payment is ${p.status}.`);
      }
      const since = p.repaidAt ?? p.createdAt;
      if (now.getTime() - Date.parse(since) < repayAfterMs) {
        throw new ProviderRuleError('TCC re-issues an order only after its 3-minute QR code has expired.');
      }
    },
    call: async (p: Payment, change: RepayChange): Promise<RepayOutcome> => {
      const orderId = orderIdOf(p);
      if (!orderId) throw new InvalidStateError('No TCC orderId was stored: the order cannot be re-issued.');
      try {
        const data = await this.exchange(
          'repay',
          'POST',
          `/${encodeURIComponent(orderId)}?${this.operator(p)}`,
          toRepayBody({ ...p, subject: change.subject }, codeOf(change), change.authCode),
        );
        return data === true
          ? { outcome: 'repaid' }
          : { outcome: 'refused', failure: { code: 'REPAY_REFUSED', message: 'TCC did not re-issue the order.' } };
      } catch (error) {
        if (error instanceof ProviderTimeoutError) return { outcome: 'unknown', reason: error.message };
        if (error instanceof ProviderError) {
          return { outcome: 'refused', failure: { code: error.providerCode, message: error.message } };
        }
        throw error;
      }
    },
  };

  private operator(p: Payment, override?: string | null): string {
    return `operator=${encodeURIComponent(override ?? p.operator ?? 'paybridge')}`;
  }

  /**
   * One call under `/api/tcc-settlement/open-api/payment`, `op` naming it in the call metrics. Returns `data` of a
   * `code` 200 envelope; another code or HTTP 401/403/404 is a definite error (`ProviderError`); a 5xx, a timeout or
   * an unreadable body is unknown.
   */
  private async exchange(op: string, method: string, path: string, body?: string): Promise<unknown> {
    const answer = await sendToProvider(
      'tcc',
      op,
      `${this.config.baseUrl}/api/tcc-settlement/open-api/payment${path}`,
      {
        method,
        headers: {
          ...(body ? { 'content-type': 'application/json' } : {}),
          ...(this.config.token ? { authorization: `Bearer ${this.config.token}` } : {}),
        },
        ...(body ? { body } : {}),
      },
      this.config.timeoutMs,
    );
    if ([401, 403, 404].includes(answer.status)) {
      throw new ProviderError(`HTTP_${answer.status}`, `TCC answered HTTP ${answer.status}`);
    }
    if (answer.status >= 300) throw new ProviderTimeoutError(`TCC answered HTTP ${answer.status}`);
    let envelope: ReturnType<typeof envelopeSchema.safeParse>;
    try {
      envelope = envelopeSchema.safeParse(parseLenient(answer.text));
    } catch {
      throw new ProviderTimeoutError('TCC answered a body that is not JSON');
    }
    if (!envelope.success) throw new ProviderTimeoutError('TCC answered without its code envelope');
    if (envelope.data.code !== 200) {
      throw new ProviderError(`TCC_${envelope.data.code}`, envelope.data.desc ?? 'no description');
    }
    return envelope.data.data;
  }
}
