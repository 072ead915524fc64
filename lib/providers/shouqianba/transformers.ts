import { fenToString, parseFenString } from '../../domain/money';
import type { Failure, Payment, ProviderRefs } from '../../domain/payment';
import * as z from '../../zod';
import { orderStatuses, orderStatusToPayment, paywayOf } from './status';

/** Order data in a `biz_response` (every value a string; unknown keys are kept but unused). */
export const orderDataSchema = z.looseObject({
  sn: z.optional(z.string()),
  client_sn: z.optional(z.string()),
  trade_no: z.optional(z.string()),
  status: z.optional(z.string()),
  order_status: z.optional(z.enum(orderStatuses)),
  total_amount: z.optional(z.string()),
  net_amount: z.optional(z.string()),
  finish_time: z.optional(z.string()),
  channel_finish_time: z.optional(z.string()),
  qr_code: z.optional(z.string()),
});
export type OrderData = z.infer<typeof orderDataSchema>;

export const bizResponseSchema = z.looseObject({
  result_code: z.string(),
  error_code: z.optional(z.string()),
  error_message: z.optional(z.string()),
  data: z.optional(orderDataSchema),
});
export type BizResponse = z.infer<typeof bizResponseSchema>;

export const envelopeSchema = z.looseObject({
  result_code: z.string(),
  error_code: z.optional(z.string()),
  error_message: z.optional(z.string()),
  biz_response: z.optional(bizResponseSchema),
});

export interface Terminal {
  terminalSn: string;
}

/** The caller's optional Shouqianba fields, as the create request validated them. */
interface ShouqianbaInput {
  description?: string;
  reflect?: string;
  extended?: string;
  longitude?: string;
  latitude?: string;
  deviceId?: string;
}

const optionalFields = (p: Payment) => {
  const input = (p.providerInput.shouqianba ?? {}) as ShouqianbaInput;
  return {
    description: input.description,
    reflect: input.reflect,
    extended: input.extended,
    longitude: input.longitude,
    latitude: input.latitude,
    device_id: input.deviceId,
  };
};

const payway = (p: Payment): string | undefined =>
  p.wallet && p.wallet in paywayOf ? paywayOf[p.wallet as keyof typeof paywayOf] : undefined;

/** `/upay/v2/pay` body (B scans C). */
export const toPayRequest = (p: Payment, t: Terminal, authCode: string) => ({
  terminal_sn: t.terminalSn,
  client_sn: p.id,
  total_amount: fenToString(p.amount),
  payway: payway(p),
  dynamic_id: authCode,
  subject: p.subject,
  operator: p.operator ?? undefined,
  ...optionalFields(p),
});

/** `/upay/v2/precreate` body (C scans B). */
export const toPrecreateRequest = (p: Payment, t: Terminal) => ({
  terminal_sn: t.terminalSn,
  client_sn: p.id,
  total_amount: fenToString(p.amount),
  payway: payway(p),
  subject: p.subject,
  operator: p.operator ?? undefined,
  ...optionalFields(p),
});

/** Query and cancel address the order by our id, and by Shouqianba's `sn` once we know it. */
export const toOrderRef = (p: Payment, t: Terminal) => ({
  terminal_sn: t.terminalSn,
  sn: p.providerRefs.sn,
  client_sn: p.id,
});

export const toRefundRequest = (
  p: Payment,
  t: Terminal,
  r: { id: string; refundNo: string | null; amount: number; operator: string | null },
) => ({
  terminal_sn: t.terminalSn,
  sn: p.providerRefs.sn,
  client_sn: p.id,
  refund_request_no: r.refundNo ?? r.id,
  refund_amount: fenToString(r.amount),
  operator: r.operator ?? p.operator ?? 'paybridge',
});

export const refsOf = (data: OrderData | undefined): ProviderRefs => ({
  ...(data?.sn ? { sn: data.sn } : {}),
  ...(data?.trade_no ? { tradeNo: data.trade_no } : {}),
});

export const failureOf = (biz: { error_code?: string; error_message?: string; result_code: string }): Failure => ({
  code: biz.error_code ?? biz.result_code,
  message: biz.error_message ?? biz.result_code,
});

/** Millisecond epoch strings (`finish_time`) to ISO-8601. */
export const timeOf = (ms: string | undefined): string | undefined =>
  ms && /^\d{10,15}$/.test(ms) ? new Date(Number(ms)).toISOString() : undefined;

export const paymentStatusOf = (data: OrderData) =>
  data.order_status ? orderStatusToPayment[data.order_status] : undefined;

/** What the provider has refunded: `total_amount − net_amount`. */
export const refundedAmountOf = (data: OrderData): number | undefined =>
  data.total_amount && data.net_amount
    ? parseFenString(data.total_amount) - parseFenString(data.net_amount)
    : undefined;
