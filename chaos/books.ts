import type { ProviderName } from '../lib/domain/payment';
import type { OrderStatus } from '../lib/providers/shouqianba/status';
import type { TccStatus } from '../lib/providers/tcc/status';
import type { RunningSandbox } from '../sandbox/server';
import type { ZhixiaoOrder } from '../sandbox/zhixiao/book';

/**
 * Where an order stands at its provider, in money terms: `open` — the payer may still pay; `captured` — money was
 * taken (some or all of it may since have been refunded); `closed` — no money moved or it was given back whole
 * (failed, canceled, reversed by 撤单); `uncertain` — the provider itself does not know (Shouqianba PAY_ERROR).
 */
export type OrderState = 'open' | 'captured' | 'closed' | 'uncertain';

/** One order from a sandbox's own book, in the same shape for every provider. */
export interface ProviderOrder {
  provider: ProviderName;
  /** The provider's own order number. */
  ref: string;
  /** Our payment id, where the provider keeps it (Shouqianba `client_sn`, Zhixiao `out_trade_no`). */
  paymentId: string | null;
  /** The tag the order was created with (subject, body or remark): the payment's merchantOrderNo. */
  tag: string | null;
  amount: number;
  state: OrderState;
  /** Fen the provider has refunded on the order. */
  refunded: number;
}

const shouqianbaStates = {
  CREATED: 'open',
  PAID: 'captured',
  PARTIAL_REFUNDED: 'captured',
  REFUNDED: 'captured',
  PAY_CANCELED: 'closed',
  CANCELED: 'closed',
  PAY_ERROR: 'uncertain',
  REFUND_ERROR: 'uncertain',
  CANCEL_ERROR: 'uncertain',
} as const satisfies Record<OrderStatus, OrderState>;

const tccStates = { 0: 'open', 1: 'captured', 2: 'closed', 3: 'captured' } as const satisfies Record<
  TccStatus,
  OrderState
>;

const zhixiaoStates = { '1': 'open', '2': 'captured', '3': 'closed' } as const satisfies Record<
  ZhixiaoOrder['status'],
  OrderState
>;

/** Every order the running sandboxes hold, read from their books. */
export const readBooks = (sandbox: RunningSandbox): ProviderOrder[] => [
  ...[...(sandbox.shouqianba?.book.orders.values() ?? [])].map((o) => ({
    provider: 'shouqianba' as const,
    ref: o.sn,
    paymentId: o.clientSn,
    tag: o.subject,
    amount: o.totalAmount,
    state: shouqianbaStates[o.orderStatus],
    refunded: [...o.refunds.values()].reduce((sum, fen) => sum + fen, 0),
  })),
  ...[...(sandbox.tcc?.book.orders.values() ?? [])].map((o) => ({
    provider: 'tcc' as const,
    ref: o.orderId,
    paymentId: null,
    tag: o.remark,
    amount: o.feeFen,
    state: tccStates[o.status],
    refunded: o.refundedFen,
  })),
  ...[...(sandbox.zhixiao?.book.orders.values() ?? [])].map((o) => ({
    provider: 'zhixiao' as const,
    ref: o.orderId,
    paymentId: o.outTradeNo,
    tag: o.body,
    amount: o.totalFee,
    state: zhixiaoStates[o.status],
    refunded: o.refundedFee,
  })),
];
