import type { PaymentStatus } from '../../domain/status';

/** `biz_response.data.order_status` values (doc appendix 3). */
export const orderStatuses = [
  'CREATED',
  'PAID',
  'PAY_CANCELED',
  'PAY_ERROR',
  'REFUNDED',
  'PARTIAL_REFUNDED',
  'REFUND_ERROR',
  'CANCELED',
  'CANCEL_ERROR',
] as const;
export type OrderStatus = (typeof orderStatuses)[number];

/** Exhaustive: a status not listed fails parsing and is never guessed. */
export const orderStatusToPayment = {
  CREATED: 'pending',
  PAID: 'paid',
  PAY_CANCELED: 'failed',
  PAY_ERROR: 'needs_review',
  REFUNDED: 'refunded',
  PARTIAL_REFUNDED: 'partially_refunded',
  REFUND_ERROR: 'needs_review',
  CANCELED: 'canceled',
  CANCEL_ERROR: 'needs_review',
} as const satisfies Record<OrderStatus, PaymentStatus>;

/** `/pay` result codes with a definite meaning; any other code is "in progress" and polling starts. */
export const payResultToPayment = {
  PAY_SUCCESS: 'paid',
  PAY_FAIL: 'failed',
  PAY_FAIL_ERROR: 'needs_review',
  FAIL: 'failed',
} as const satisfies Record<string, PaymentStatus>;

/** `/precreate` result codes; any other code leaves the outcome unknown. */
export const precreateResultToPayment = {
  PRECREATE_SUCCESS: 'pending',
  PRECREATE_FAIL: 'failed',
  FAIL: 'failed',
} as const satisfies Record<string, PaymentStatus>;

/** `/cancel` result codes; FAIL depends on its error code and is handled beside this table. */
export const cancelResultToOutcome = {
  CANCEL_SUCCESS: 'canceled',
  CANCEL_ABORT_SUCCESS: 'canceled',
  CANCEL_ERROR: 'needs_review',
  CANCEL_ABORT_ERROR: 'needs_review',
} as const satisfies Record<string, 'canceled' | 'needs_review'>;

/** `/refund` result codes; any other code leaves the refund pending until a query settles it. */
export const refundResultToOutcome = {
  REFUND_SUCCESS: 'succeeded',
  REFUND_ERROR: 'pending',
  FAIL: 'failed',
} as const satisfies Record<string, 'succeeded' | 'pending' | 'failed'>;

/** The doc spells "order not found" both ways. */
export const orderNotFoundCodes: readonly string[] = ['UPAY_ORDER_NOT_EXISTS', 'UPAY_ORDER_NOT_EXIST'];
export const cancelInvalidStateCode = 'UPAY_CANCEL_INVALID_ORDER_STATE';

/** `payway` per wallet (doc appendix 6). */
export const paywayOf = { alipay: '1', wechat: '3', baifubao: '4', jd: '5' } as const;
