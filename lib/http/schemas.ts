import { z } from 'zod';
import { eventSources, providers, scenes, wallets } from '../domain/payment';
import { reviewReasons } from '../domain/review';
import { cancelReasons, paymentStatuses, refundStatuses } from '../domain/status';

const utf8Bytes = (s: string) => Buffer.byteLength(s, 'utf8');
const text = (max: number) => z.string().min(1).max(max);

/**
 * The caller's own references (`merchantOrderNo`, `refundNo`): letters, digits and `-_.:/`, so they are safe in
 * URLs, logs, store keys and provider fields (no `#`, no whitespace, no control characters).
 */
const reference = (max: number) => text(max).regex(/^[A-Za-z0-9._:/-]+$/, 'letters, digits and - _ . : / only');

/** A URL we hand on or call: http or https only. */
const httpUrl = z.url({ protocol: /^https?$/, error: 'an http or https URL' }).max(2048);

/** The most a free-form object (TCC item `data`) may hold, as JSON. */
const maxFreeFormBytes = 4096;

/** DynamoDB numbers stop near 1e-130 and JSON numbers past 2^53 lose digits: refuse both rather than fail later. */
const storableNumber = (n: number) => n === 0 || (Math.abs(n) <= Number.MAX_SAFE_INTEGER && Math.abs(n) >= 1e-100);

/** A JSON object passed through as it is, bounded in size and in its numbers so it always fits the store. */
const freeFormObject = z.record(z.string(), z.unknown()).superRefine((value, ctx) => {
  let badNumber = false;
  const serialized = JSON.stringify(value, (_key, v) => {
    if (typeof v === 'number' && !storableNumber(v)) badNumber = true;
    return v;
  });
  if (utf8Bytes(serialized) > maxFreeFormBytes) {
    ctx.addIssue({ code: 'custom', message: `at most ${maxFreeFormBytes} bytes as JSON` });
  }
  if (badNumber) {
    ctx.addIssue({ code: 'custom', message: 'numbers must be 0 or between 1e-100 and 2^53 - 1 in magnitude' });
  }
});

export const tccInputSchema = z.strictObject({
  orgId: z.number().int(),
  userId: z.number().int().optional(),
  userType: z.number().int().optional(),
  financialType: text(32).optional(),
  globalid: text(64).optional(),
  kpSign: z.number().int().optional(),
  remark: text(256).optional(),
  items: z
    .array(z.strictObject({ amount: z.number().int().min(1), data: freeFormObject.default({}) }))
    .min(1)
    .max(50)
    .optional(),
});

export const invoiceSchema = z
  .strictObject({
    payerType: z.enum(['personal', 'company']),
    payerName: text(128),
    phone: text(32).optional(),
    taxNumber: text(32).optional(),
    address: text(256).optional(),
    bank: text(256).optional(),
    memo: text(256).optional(),
    email: z.email().max(254).optional(),
  })
  .refine((i) => i.payerType !== 'company' || i.taxNumber, {
    path: ['taxNumber'],
    message: 'taxNumber is required for a company invoice',
  });

export const zhixiaoInputSchema = z.strictObject({
  userNo: text(64).optional(),
  userName: text(64).optional(),
  returnUrl: httpUrl.optional(),
  openid: text(128).optional(),
  invoice: invoiceSchema.optional(),
});

export const shouqianbaInputSchema = z.strictObject({
  description: text(256).optional(),
  reflect: text(64).optional(),
  extended: text(256).optional(),
  longitude: text(32).optional(),
  latitude: text(32).optional(),
  deviceId: text(32).optional(),
});

export const createPaymentSchema = z
  .strictObject({
    provider: z.enum(providers),
    scene: z.enum(scenes),
    wallet: z.enum(wallets).optional(),
    amount: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER).describe('Integer fen'),
    merchantOrderNo: reference(64),
    subject: text(256).refine((s) => utf8Bytes(s) <= 512, 'at most 512 UTF-8 bytes'),
    authCode: z
      .string()
      .regex(/^[0-9A-Za-z]{6,32}$/, '6 to 32 letters or digits')
      .optional(),
    operator: text(32).optional(),
    notifyUrl: httpUrl.optional(),
    metadata: z
      .record(text(40), z.string().max(500))
      .refine((m) => Object.keys(m).length <= 50, 'at most 50 keys')
      .optional(),
    tcc: tccInputSchema.optional(),
    zhixiao: zhixiaoInputSchema.optional(),
    shouqianba: shouqianbaInputSchema.optional(),
  })
  .superRefine((b, ctx) => {
    if (b.scene === 'barcode' && !b.authCode) {
      ctx.addIssue({ code: 'custom', path: ['authCode'], message: 'authCode is required for the barcode scene' });
    }
    if (b.scene !== 'barcode' && b.authCode) {
      ctx.addIssue({ code: 'custom', path: ['authCode'], message: 'authCode is only for the barcode scene' });
    }
    if ((b.provider === 'tcc' || b.provider === 'shouqianba') && !b.operator) {
      ctx.addIssue({ code: 'custom', path: ['operator'], message: `operator is required for ${b.provider}` });
    }
    for (const key of ['tcc', 'zhixiao', 'shouqianba'] as const) {
      if (b[key] && b.provider !== key) {
        ctx.addIssue({ code: 'custom', path: [key], message: `${key} fields are only for provider ${key}` });
      }
    }
    if (b.provider === 'tcc') {
      for (const field of ['orgId', 'userId', 'userType', 'financialType'] as const) {
        if (b.tcc?.[field] === undefined) {
          ctx.addIssue({ code: 'custom', path: ['tcc', field], message: `tcc.${field} is required for provider tcc` });
        }
      }
    }
    const items = b.tcc?.items;
    if (items && items.reduce((sum, i) => sum + i.amount, 0) !== b.amount) {
      ctx.addIssue({ code: 'custom', path: ['tcc', 'items'], message: 'item amounts must add up to amount' });
    }
  });
export type CreatePaymentBody = z.infer<typeof createPaymentSchema>;

export const createRefundSchema = z.strictObject({
  amount: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
  refundNo: reference(32).optional(),
  reason: text(256).optional(),
  operator: text(32).optional(),
});

export const emptyBodySchema = z.strictObject({});

export const paymentIdParams = z.object({ id: text(64) });

export const getPaymentQuery = z.strictObject({ refresh: z.enum(['true', 'false']).optional() });

export const listPaymentsQuery = z.strictObject({
  merchantOrderNo: reference(64).optional(),
  status: z.enum(paymentStatuses).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: text(2048)
    .regex(/^[A-Za-z0-9_-]+$/, 'not a cursor this API returned')
    .optional(),
});

const failureSchema = z.object({ code: z.string(), message: z.string() }).nullable();

export const paymentSchema = z
  .object({
    id: z.string(),
    object: z.literal('payment'),
    provider: z.enum(providers),
    scene: z.enum(scenes),
    wallet: z.enum(wallets).nullable(),
    amount: z.number().int(),
    amountRefunded: z.number().int(),
    currency: z.literal('CNY'),
    merchantOrderNo: z.string(),
    subject: z.string(),
    status: z.enum(paymentStatuses),
    cancelReason: z.enum(cancelReasons).nullable(),
    reviewReason: z.enum(reviewReasons).nullable(),
    action: z
      .union([
        z.object({ type: z.literal('qrcode'), qrCode: z.string() }),
        z.object({ type: z.literal('redirect'), url: z.string() }),
        z.object({ type: z.literal('miniprogram'), params: z.record(z.string(), z.unknown()) }),
      ])
      .nullable(),
    providerRefs: z.object({
      orderId: z.string().optional(),
      sn: z.string().optional(),
      tradeNo: z.string().optional(),
      financialIds: z.array(z.string()).optional(),
    }),
    failure: failureSchema,
    metadata: z.record(z.string(), z.string()),
    createdAt: z.string(),
    updatedAt: z.string(),
    paidAt: z.string().nullable(),
    expiresAt: z.string().nullable(),
  })
  .meta({ id: 'Payment' });

export const refundSchema = z
  .object({
    id: z.string(),
    object: z.literal('refund'),
    paymentId: z.string(),
    amount: z.number().int(),
    refundNo: z.string().nullable(),
    reason: z.string().nullable(),
    operator: z.string().nullable(),
    status: z.enum(refundStatuses),
    failure: failureSchema,
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Refund' });

export const eventSchema = z
  .object({
    id: z.string(),
    type: z.string(),
    paymentId: z.string(),
    at: z.string(),
    source: z.enum(eventSources),
    from: z.string().nullable(),
    to: z.string(),
    data: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'Event' });

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    code: z.string(),
    detail: z.string(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: 'Problem' });

export const paymentListSchema = z.object({ data: z.array(paymentSchema), nextCursor: z.string().nullable() });
export const refundListSchema = z.object({ data: z.array(refundSchema) });
export const eventListSchema = z.object({ data: z.array(eventSchema) });
export const healthSchema = z.object({ status: z.literal('ok') });
const sceneSupportSchema = z.object({
  wallets: z.array(z.enum(wallets)),
  walletRequired: z.boolean(),
  via: z.string(),
});
export const capabilitiesSchema = z
  .record(
    z.enum(providers),
    z.object({ enabled: z.boolean(), scenes: z.partialRecord(z.enum(scenes), sceneSupportSchema) }),
  )
  .meta({ id: 'Capabilities' });

/** Zhixiao 2.6 / 2.7 fields, camelCased; other fields Zhixiao adds pass through. */
const zhixiaoPerson = {
  userNo: z.string(),
  userName: z.string(),
  sex: z.string().describe('0 unknown, 1 male, 2 female'),
  identityType: z.string().describe('0 temporary, 1 student, 2 teacher'),
};
export const zhixiaoUserSchema = z.looseObject({ openId: z.string(), ...zhixiaoPerson }).meta({ id: 'ZhixiaoUser' });
export const zhixiaoCardSchema = z
  .looseObject({ schoolId: z.string().optional(), schemaUrl: z.string(), ...zhixiaoPerson })
  .meta({ id: 'ZhixiaoCard' });
export const openApiDocumentSchema = z.record(z.string(), z.unknown()).meta({ id: 'OpenApiDocument' });
export const reconciliationReportSchema = z
  .object({
    checked: z.number().int(),
    changed: z.number().int(),
    needsReview: z.array(z.string()),
    startedAt: z.string(),
    finishedAt: z.string(),
  })
  .meta({ id: 'ReconciliationReport' });

export const repaySchema = z.strictObject({
  scene: z.enum(scenes).optional(),
  wallet: z.enum(wallets).optional(),
  authCode: z
    .string()
    .regex(/^[0-9A-Za-z]{6,32}$/, '6 to 32 letters or digits')
    .optional(),
  subject: text(256).optional(),
});

export const zhixiaoAnswerSchema = z
  .object({ ret_code: z.string(), ret_content: z.string(), sign: z.string() })
  .meta({ id: 'ZhixiaoAnswer' });
export const invoiceResultSchema = z.object({ status: z.literal('issued') });
export const cardQuery = z.strictObject({ schoolId: text(64) });
export const uidParams = z.object({ uid: text(128) });
export const userNoParams = z.object({ userNo: text(64) });

export const resolveSchema = z.strictObject({
  status: z.enum(['paid', 'failed', 'canceled', 'refunded', 'partially_refunded']),
  note: text(500),
  /** The person's finding on each open refund (pending or in review), by refund id; see resolvePayment. */
  refunds: z
    .record(z.string().regex(/^ref_[0-9A-Za-z]{1,40}$/, 'a refund id'), z.enum(['succeeded', 'failed']))
    .optional(),
});

export const reportParams = z.object({
  date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'yyyy-mm-dd')
    .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)), 'not a calendar date'),
});

const countAndAmount = z.object({ count: z.number().int(), amount: z.number().int() });
export const dailyReportSchema = z
  .object({
    date: z.string(),
    providers: z.array(
      z.object({
        provider: z.enum(providers),
        paid: countAndAmount,
        refunded: countAndAmount,
        canceled: z.object({ count: z.number().int() }),
        needsReview: z.object({ count: z.number().int() }),
      }),
    ),
  })
  .meta({ id: 'DailyReport' });
