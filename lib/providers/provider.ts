import type { InvoiceInput } from '../domain/invoice';
import type { Failure, Payment, PaymentAction, ProviderName, ProviderRefs, Refund } from '../domain/payment';
import type { ReviewReason } from '../domain/review';
import type { PaymentStatus } from '../domain/status';

/**
 * What an adapter learned from a create call. `unknown` means the request may have reached the provider but
 * no usable answer came back: the payment stays `created` and polling finds the truth.
 */
export type CreateOutcome =
  | { outcome: 'pending'; refs: ProviderRefs; action: PaymentAction | null; expiresAt?: string }
  | { outcome: 'paid'; refs: ProviderRefs; paidAt?: string }
  | { outcome: 'failed'; refs: ProviderRefs; failure: Failure }
  | { outcome: 'needs_review'; refs: ProviderRefs; failure: Failure; reason: ReviewReason }
  /**
   * No usable answer. `noAnswer`: none came back in time, so the request may still be on its way or at work there,
   * and the create's call is not known to have ended.
   */
  | { outcome: 'unknown'; reason: string; noAnswer?: true };

/**
 * What the provider says of an order now; thrown errors mean "no answer", never a status. `found: false` is the
 * provider's definite "no such order" (proof), never a timeout or an error.
 */
export type QueryOutcome =
  | { found: false }
  | {
      found: true;
      status: PaymentStatus;
      refs: ProviderRefs;
      paidAt?: string;
      failure?: Failure;
      /**
       * The total the provider has refunded on the order, where it says so. A `refunded` status without it (TCC)
       * means every refund asked for was made.
       */
      refundedAmount?: number;
    };

export type CancelOutcome =
  | { outcome: 'canceled' }
  /** The provider holds no such order: nothing to cancel. */
  | { outcome: 'not_found' }
  /** The provider refuses because of the order's state (the payer may just have paid): query and apply. */
  | { outcome: 'refused_state'; failure: Failure }
  | { outcome: 'needs_review'; failure: Failure; reason: ReviewReason };

/** What a repay (TCC 支付重调) call did; thrown errors mean no answer. */
export type RepayOutcome =
  | { outcome: 'repaid' }
  | { outcome: 'refused'; failure: Failure }
  | { outcome: 'unknown'; reason: string };

/** What a repay may change (API.md `POST /v1/payments/{id}/repay`). */
export interface RepayChange {
  scene: Payment['scene'];
  wallet: Payment['wallet'];
  subject: string;
  authCode?: string | undefined;
}

export type RefundOutcome =
  | { outcome: 'succeeded' }
  | { outcome: 'failed'; failure: Failure }
  | { outcome: 'pending'; reason: string };

/** Every adapter implements this; domain code never sees a provider's own types. */
export interface PaymentProvider {
  readonly name: ProviderName;
  /** The provider accepts one cancel call per order, whatever its result: the attempt is recorded first. */
  readonly cancelOnce: boolean;
  /** The provider's query reports refunds; where it does not, "paid" agrees with refunds we made. */
  readonly queryReportsRefunds: boolean;
  /** Sending the same refund request again is the same refund (so a pending one can be settled by repeating it). */
  readonly refundRepeatIsSafe: boolean;
  /** An order closed by a cancel can still take money (so a canceled payment is watched for a day). */
  readonly moneyAfterClose: boolean;
  /** Refuses, before any call, what this provider cannot do or its rules forbid (422). */
  checkCreate(p: Payment): void;
  /**
   * `authCode` is the payer's one-time barcode: passed through, never stored. A definite error answer throws
   * `ProviderError` (nothing was created there); no answer is the `unknown` outcome.
   */
  create(p: Payment, authCode?: string): Promise<CreateOutcome>;
  query(p: Payment): Promise<QueryOutcome>;
  /** A definite error answer other than a state refusal throws `ProviderError`. */
  cancel(p: Payment): Promise<CancelOutcome>;
  /** Refuses, before any call, a refund the provider's rules forbid (422). */
  checkRefund(p: Payment, amount: number, now: Date): void;
  refund(p: Payment, r: Refund): Promise<RefundOutcome>;
  /** Issues an invoice for a paid order (Zhixiao 2.8); providers without it answer 422 `unsupported_method`. */
  invoice?(p: Payment, invoice: InvoiceInput): Promise<void>;
  /** Who a WeChat/Alipay uid is at the school (Zhixiao 2.6), camelCased. */
  identity?(uid: string): Promise<Record<string, unknown>>;
  /** A student's or teacher's e-campus-card link (Zhixiao 2.7), camelCased. */
  card?(schoolId: string, userNo: string): Promise<Record<string, unknown>>;
  /** Re-issues an unpaid order (TCC only); providers without it answer 422 `unsupported_method`. */
  repay?: {
    check(p: Payment, now: Date): void;
    call(p: Payment, change: RepayChange): Promise<RepayOutcome>;
  };
}
