import { ProviderRuleError } from '../../domain/errors';
import type { InvoiceInput } from '../../domain/invoice';
import { fenToString } from '../../domain/money';
import type { Payment } from '../../domain/payment';
import * as z from '../../zod';
import { payerTypeOf, payTypeOf, zhixiaoStatuses } from './status';

export type { InvoiceInput };

/** The caller's `zhixiao` object as the create request validated it. */
export interface ZhixiaoInput {
  userNo?: string;
  userName?: string;
  returnUrl?: string;
  openid?: string;
  invoice?: InvoiceInput;
}

/** Zhixiao requires the receiver's phone on every invoice (2.1 `piaoju`, 2.8). */
export const checkInvoice = (invoice: InvoiceInput, path = 'phone'): void => {
  if (!invoice.phone) {
    throw new ProviderRuleError('Zhixiao invoices need the receiver phone.', [
      { path, message: 'required by Zhixiao' },
    ]);
  }
};

const inputOf = (p: Payment): ZhixiaoInput => (p.providerInput.zhixiao ?? {}) as ZhixiaoInput;

/** A value Zhixiao sends as a number or a string, kept as a string. */
const textSchema = z.pipe(z.union([z.string(), z.number()]), z.transform(String));

/** `{ret_code, ret_content, sign}`: ret_code may come as a number or a string. */
export const responseSchema = z.looseObject({
  ret_code: textSchema,
  ret_content: z.pipe(
    z.nullish(z.string()),
    z.transform((v) => v ?? ''),
  ),
  sign: z.string(),
});

export const createResultSchema = z.looseObject({
  out_trade_no: z.string(),
  order_id: textSchema,
  url: z.nullish(z.string()),
  sp_data: z.optional(z.unknown()),
});

export const queryResultSchema = z.looseObject({
  out_trade_no: z.string(),
  order_id: z.optional(textSchema),
  status: z.pipe(textSchema, z.enum(zhixiaoStatuses)),
  time_end: z.nullish(z.string()),
});

/** Notify 2.5 `param`. */
export const notifySchema = z.looseObject({
  out_trade_no: z.string().check(z.minLength(1), z.maxLength(40)),
  order_id: textSchema,
  time_end: z.string().check(z.minLength(1)),
  user_no: z.nullish(z.string()),
  user_name: z.nullish(z.string()),
  uid: z.string().check(z.minLength(1)),
  pay_type: textSchema,
});
export type Notify = z.infer<typeof notifySchema>;

const piaojuOf = (i: InvoiceInput) => ({
  payer_type: payerTypeOf[i.payerType],
  payer_name: i.payerName,
  payer_taxnum: i.taxNumber,
  payer_address: i.address,
  payer_bank: i.bank,
  piaoju_memo: i.memo,
  phone: i.phone,
  payer_email: i.email,
});

/** 2.1 create `param`. */
export const toCreatePayload = (p: Payment, notifyUrl: string) => {
  const input = inputOf(p);
  return {
    body: p.subject,
    out_trade_no: p.id,
    total_fee: fenToString(p.amount),
    user_no: input.userNo,
    user_name: input.userName,
    return_url: input.returnUrl,
    notify_url: notifyUrl,
    ...(p.scene === 'miniprogram' ? { pay_type: payTypeOf.wechat, openid: input.openid } : {}),
    ...(input.invoice ? { piaoju: piaojuOf(input.invoice) } : {}),
  };
};

/** 2.8 invoice `param`: the doc's table says `pay_type`, its example `payer_type`; both go, with one value. */
export const toInvoicePayload = (p: Payment, i: InvoiceInput) => {
  const { payer_type, ...rest } = piaojuOf(i);
  return { out_trade_no: p.id, pay_type: payer_type, payer_type, ...rest };
};

/** `sp_data` comes as a JSON string or an object; the caller gets an object for `action.params`. */
export const miniprogramParams = (spData: unknown): Record<string, unknown> | undefined => {
  if (spData && typeof spData === 'object' && !Array.isArray(spData)) return spData as Record<string, unknown>;
  if (typeof spData !== 'string') return undefined;
  try {
    const parsed: unknown = JSON.parse(spData);
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
};

/** snake_case keys of a pass-through answer to camelCase (2.6, 2.7). */
export const camelCased = (o: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(
    Object.entries(o).map(([k, v]) => [k.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase()), v]),
  );
