import { fenToYuan } from '../../domain/money';
import type { Payment, PaymentAction, ProviderRefs } from '../../domain/payment';
import * as z from '../../zod';
import { barcodeCodes, bodyCodes, type PaymentTypeCode, tccStatuses } from './status';

/** The caller's `tcc` object as the create request validated it. */
export interface TccInput {
  orgId: number;
  userId?: number;
  userType?: number;
  financialType?: string;
  globalid?: string;
  kpSign?: number;
  remark?: string;
  items?: { amount: number; data: Record<string, unknown> }[];
}

export const tccInputOf = (p: Payment): TccInput => (p.providerInput.tcc ?? { orgId: 0 }) as TccInput;

/** `{"code": 200, "data": …, "desc": "…"}`; `code` may come as a number or a string. */
export const envelopeSchema = z.looseObject({
  code: z.coerce.number().check(z.int()),
  data: z.unknown(),
  desc: z.nullish(z.string()),
});

/** An id TCC sends as a number or a string, kept as a string. */
const idSchema = z.pipe(z.union([z.string(), z.number()]), z.transform(String));

export const statusDataSchema = z.pipe(z.coerce.number(), z.union(tccStatuses.map((s) => z.literal(s))));

export const createDataSchema = z.looseObject({
  orderId: idSchema,
  qrCodeUrl: z.nullish(z.string()),
  financialIdList: z.nullish(z.array(idSchema)),
  status: z.optional(statusDataSchema),
});
export type CreateData = z.infer<typeof createDataSchema>;

/** The fields pay and repay share: operator, the barcode or body the code needs, and the pass-through fields. */
const methodFields = (p: Payment, code: PaymentTypeCode, authCode?: string) => {
  const input = tccInputOf(p);
  return {
    operator: p.operator,
    ...(barcodeCodes.includes(code) ? { authCode } : {}),
    ...(bodyCodes.includes(code) ? { body: p.subject } : {}),
    globalid: input.globalid,
    kpSign: input.kpSign,
    remark: input.remark,
  };
};

/** A placeholder swapped for the yuan number text, so `fee` goes out as e.g. `19.90` without touching a float. */
const feeMarker = '"__TCC_FEE__"';

/** The pay request body. `fee` is a JSON number in yuan with two decimals; `content` a JSON string of elements. */
export const toPayBody = (p: Payment, code: PaymentTypeCode, authCode?: string): string => {
  const input = tccInputOf(p);
  const items = input.items?.length ? input.items : [{ amount: p.amount, data: {} }];
  const content = items.map((i) => ({ ...i.data, fee: fenToYuan(i.amount) }));
  const body = {
    orgId: input.orgId,
    userId: input.userId,
    userType: input.userType,
    paymentTypeCode: code,
    fee: '__TCC_FEE__',
    financialType: input.financialType,
    content: JSON.stringify(content),
    ...methodFields(p, code, authCode),
  };
  return JSON.stringify(body).replace(feeMarker, fenToYuan(p.amount));
};

/** The repay (支付重调) body: the order's fixed fields with the new payment method. */
export const toRepayBody = (p: Payment, code: PaymentTypeCode, authCode?: string): string => {
  const input = tccInputOf(p);
  return JSON.stringify({ orgId: input.orgId, paymentTypeCode: code, ...methodFields(p, code, authCode) });
};

export const refsOf = (data: CreateData): ProviderRefs => ({
  orderId: data.orderId,
  ...(data.financialIdList ? { financialIds: data.financialIdList } : {}),
});

/** Scan codes show the QR code; Alipay web codes redirect to it; the rest need no action from the payer. */
export const actionOf = (code: PaymentTypeCode, url: string | null | undefined): PaymentAction | null => {
  if (!url) return null;
  if (code === 'WX_NATIVE' || code === 'UNION_SCAN') return { type: 'qrcode', qrCode: url };
  if (code === 'ALIPAY_MOBILE' || code === 'ALIPAY_PC') return { type: 'redirect', url };
  return null;
};

/**
 * The doc's own sample answers `"financialIdList": [01, 02]`, which is not JSON: quote such bare tokens
 * before parsing, so the ids are kept as the strings they are.
 */
export const parseLenient = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    const repaired = text.replace(
      /("financialIdList"\s*:\s*\[)([^\]]*)(\])/,
      (_m, open: string, list: string, close: string) => {
        const ids = list
          .split(',')
          .map((t) => t.trim())
          .filter(Boolean)
          .map((t) => (t.startsWith('"') ? t : JSON.stringify(t)));
        return `${open}${ids.join(',')}${close}`;
      },
    );
    return JSON.parse(repaired.replace(/\]\s*\n\s*"status"/, '],\n"status"'));
  }
};
