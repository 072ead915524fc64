import type { Fen } from './money';
import type { ReviewReason } from './review';
import type { CancelReason, PaymentStatus, RefundStatus } from './status';

export const providers = ['tcc', 'zhixiao', 'shouqianba'] as const;
export type ProviderName = (typeof providers)[number];

export const scenes = ['barcode', 'qrcode', 'h5', 'pc', 'miniprogram', 'offline', 'precreate'] as const;
export type Scene = (typeof scenes)[number];

export const wallets = ['wechat', 'alipay', 'unionpay', 'baifubao', 'jd'] as const;
export type Wallet = (typeof wallets)[number];

export type PaymentAction =
  | { type: 'qrcode'; qrCode: string }
  | { type: 'redirect'; url: string }
  | { type: 'miniprogram'; params: Record<string, unknown> };

export interface ProviderRefs {
  orderId?: string;
  sn?: string;
  tradeNo?: string;
  financialIds?: string[];
}

export interface Failure {
  code: string;
  message: string;
}

export interface Refund {
  id: string;
  object: 'refund';
  paymentId: string;
  amount: Fen;
  refundNo: string | null;
  reason: string | null;
  operator: string | null;
  status: RefundStatus;
  failure: Failure | null;
  createdAt: string;
  updatedAt: string;
  /** When the provider call for this refund ended, with or without an answer; a provider query after it is proof. */
  callEndedAt?: string | null;
}

export const eventSources = ['api', 'poller', 'webhook', 'reconciler', 'operator'] as const;
export type EventSource = (typeof eventSources)[number];

export interface PaymentEvent {
  id: string;
  type: string;
  paymentId: string;
  at: string;
  source: EventSource;
  from: string | null;
  to: string;
  data: Record<string, unknown>;
}

/** What the provider last said of the order, and when (kept for review and for the console). */
export interface ProviderReport {
  status: PaymentStatus | 'not_found';
  at: string;
  refundedAmount?: Fen;
}

/**
 * A payment closed by a cancel at a provider that can still take money after a close is watched for money: the
 * reconciler asks again on a backoff schedule from `closedAt`; `checks` counts the scheduled checks done.
 */
export interface MoneyWatch {
  closedAt: string;
  checks: number;
}

/** Where a notification goes: the payment's own `notifyUrl`, or one of the tenant's webhook endpoints (its id). */
/**
 * Where an outbox entry goes: the payment's `notifyUrl`, one webhook endpoint, or `endpoints` — the tenant's
 * endpoints not yet looked up: the delivery consumer replaces it with one entry per endpoint subscribed to the event,
 * so no write on a caller's request reads the endpoints.
 */
export type Destination = 'notify_url' | 'endpoints' | `whe_${string}`;

/** One event still to be delivered to one destination, and how its attempts went so far. */
export interface OutboxEntry {
  eventId: string;
  eventType: string;
  destination: Destination;
  url: string;
  /** Attempts made (all failed so far). */
  attempts: number;
  nextAttemptAt: string;
  /** The last attempt's HTTP answer status, or why it got none. */
  lastStatus?: number | null;
  lastError?: string | null;
}

/** A finished delivery: acknowledged by a 2xx, or given up (retries spent, or its endpoint deleted). */
export interface DeliveryRecord extends Omit<OutboxEntry, 'nextAttemptAt'> {
  state: 'delivered' | 'abandoned';
  finishedAt: string;
}

/** The stored payment: the API resource plus what only the gateway needs (tenant, refunds, events, lock). */
export interface Payment {
  id: string;
  tenantId: string;
  provider: ProviderName;
  scene: Scene;
  wallet: Wallet | null;
  amount: Fen;
  amountRefunded: Fen;
  /** Reserved by refunds whose outcome is not known yet; counts as refunded when checking a new refund. */
  amountRefundPending: Fen;
  currency: 'CNY';
  merchantOrderNo: string;
  subject: string;
  status: PaymentStatus;
  cancelReason: CancelReason | null;
  /** Why the payment is in `needs_review` (null otherwise; absent on payments stored before reasons were kept). */
  reviewReason?: ReviewReason | null;
  action: PaymentAction | null;
  providerRefs: ProviderRefs;
  failure: Failure | null;
  metadata: Record<string, string>;
  notifyUrl: string | null;
  operator: string | null;
  /** The version of the tenant's provider account this payment was created with; every later call uses it. */
  account?: { version: number };
  /** The provider-specific part of the create request (`tcc`, `zhixiao`, `shouqianba`), as validated. */
  providerInput: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
  paidAt: string | null;
  /**
   * When the create's provider call ended, whatever it answered: a provider's "no such order" asked before then may
   * only mean the create had not arrived yet, so it proves nothing (see `createCallEndedBefore`).
   */
  createCallEndedAt?: string;
  expiresAt: string | null;
  /** When a cancel was first sent to a provider that allows only one (TCC). */
  cancelAttemptedAt?: string | null;
  /** When the order was last re-issued (TCC 支付重调); polling windows started before it are superseded. */
  repaidAt?: string | null;
  /** When the reconciler last looked; it sets when the payment is due again. */
  reconciledAt?: string | null;
  /** The provider's last report on this order. */
  providerReport?: ProviderReport | null;
  /** Set while a canceled payment is watched for money arriving after its close. */
  watch?: MoneyWatch | null;
  refunds: Refund[];
  events: PaymentEvent[];
  /** Outgoing notifications not yet acknowledged, one per event and destination. */
  outbox?: OutboxEntry[];
  /** Outgoing notifications that are done, delivered or given up. */
  deliveries?: DeliveryRecord[];
  version: number;
}

/** The API shape of a payment (API.md "Payment"). */
export const toPaymentResource = (p: Payment) => ({
  id: p.id,
  object: 'payment' as const,
  provider: p.provider,
  scene: p.scene,
  wallet: p.wallet,
  amount: p.amount,
  amountRefunded: p.amountRefunded,
  currency: p.currency,
  merchantOrderNo: p.merchantOrderNo,
  subject: p.subject,
  status: p.status,
  cancelReason: p.cancelReason,
  reviewReason: p.status === 'needs_review' ? (p.reviewReason ?? null) : null,
  action: p.action,
  providerRefs: p.providerRefs,
  failure: p.failure,
  metadata: p.metadata,
  createdAt: p.createdAt,
  updatedAt: p.updatedAt,
  paidAt: p.paidAt,
  expiresAt: p.expiresAt,
});
export type PaymentResource = ReturnType<typeof toPaymentResource>;

/** The API shape of a refund (API.md "Refund"): the gateway's own bookkeeping stays inside. */
export const toRefundResource = (r: Refund) => ({
  id: r.id,
  object: r.object,
  paymentId: r.paymentId,
  amount: r.amount,
  refundNo: r.refundNo,
  reason: r.reason,
  operator: r.operator,
  status: r.status,
  failure: r.failure,
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
});

/** What is left to refund: pending refunds count as refunded. */
export const refundable = (p: Payment): Fen => p.amount - p.amountRefunded - p.amountRefundPending;
