import * as z from 'zod';
import { providers, scenes, wallets } from '../domain/payment';
import { paymentStatuses } from '../domain/status';
import { named } from './components';
import { safeWebhookUrl } from './webhook-schemas';

/** The request side of the API: bodies, path parameters and queries, validated before anything is stored. */

const utf8Bytes = (s: string) => Buffer.byteLength(s, 'utf8');
const text = (max: number) => z.string().min(1).max(max);

/**
 * The caller's own references (`merchantOrderNo`, `refundNo`): letters, digits and `-_.:/`, so they are safe in
 * URLs, logs, store keys and provider fields (no `#`, no whitespace, no control characters).
 */
const reference = (max: number) => text(max).regex(/^[A-Za-z0-9._:/-]+$/, 'letters, digits and - _ . : / only');

/** Money is integer fen (分); yuan with decimals is the usual mistake, so every refusal shows the conversion. */
const fenMessage = 'integer fen: 19.99 yuan = 1999';
const fen = () =>
  z
    .number({ error: fenMessage })
    .int({ error: fenMessage })
    .min(1, { error: `at least 1 (${fenMessage})` })
    .max(Number.MAX_SAFE_INTEGER);

/** A URL we hand on or call: http or https only. */
const httpUrl = z.url({ protocol: /^https?$/, error: 'an http or https URL' }).max(2048);

const authCode = z
  .string()
  .regex(/^[0-9A-Za-z]{6,32}$/, '6 to 32 letters or digits')
  .describe("The payer's 付款码 (6 to 32 letters or digits), exactly for the barcode scene.");

/** The most a free-form object (TCC item `data`) may hold, as JSON. */
const maxFreeFormBytes = 4096;

/** DynamoDB numbers stop near 1e-130 and JSON numbers past 2^53 lose digits: refuse both rather than fail later. */
const storableNumber = (n: number) => n === 0 || (Math.abs(n) <= Number.MAX_SAFE_INTEGER && Math.abs(n) >= 1e-100);

/** A JSON object passed through as it is, bounded in size and in its numbers so it always fits the store. */
const freeFormObject = z
  .record(z.string(), z.unknown())
  .superRefine((value, ctx) => {
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
  })
  .describe(
    `Passed to TCC as it is: at most ${maxFreeFormBytes} bytes as JSON, nested at most 8 levels below the request ` +
      'body, numbers 0 or between 1e-100 and 2^53 - 1 in magnitude.',
  );

const tccInputSchema = z
  .strictObject({
    orgId: z.number().int(),
    userId: z.number().int().optional(),
    userType: z.number().int().optional(),
    financialType: text(32).optional(),
    globalid: text(64).optional(),
    kpSign: z.number().int().optional(),
    remark: text(256).optional(),
    items: z
      .array(z.strictObject({ amount: fen(), data: freeFormObject.default({}) }))
      .min(1)
      .max(50)
      .optional()
      .describe('Each item becomes one element of TCC `content` (its `fee` in yuan); amounts add up to `amount`.'),
  })
  .describe('TCC settlement fields, only for provider tcc: orgId, userId, userType and financialType are required.');

export const invoiceSchema = named(
  'Invoice',
  z
    .strictObject({
      payerType: z.enum(['personal', 'company']),
      payerName: text(128),
      phone: text(32).optional().describe('Required by Zhixiao on every invoice (422 provider_rule without it).'),
      taxNumber: text(32).optional().describe('Required for a company.'),
      address: text(256).optional(),
      bank: text(256).optional(),
      memo: text(256).optional(),
      email: z.email().max(254).optional(),
    })
    .refine((i) => i.payerType !== 'company' || i.taxNumber, {
      path: ['taxNumber'],
      message: 'taxNumber is required for a company invoice',
    })
    .describe('Zhixiao invoice data (2.8): sent as `piaoju` at create, or on its own to the invoice route.'),
);

const zhixiaoInputSchema = z
  .strictObject({
    userNo: text(64).optional(),
    userName: text(64).optional(),
    returnUrl: httpUrl.optional().describe('Where the hosted page sends the payer back: an http(s) URL.'),
    openid: text(128).optional().describe('Required for the miniprogram scene (WeChat only).'),
    invoice: invoiceSchema.optional(),
  })
  .describe('Zhixiao fields, only for provider zhixiao.');

const shouqianbaInputSchema = z
  .strictObject({
    description: text(256).optional(),
    reflect: text(64).optional(),
    extended: text(256).optional(),
    longitude: text(32).optional(),
    latitude: text(32).optional(),
    deviceId: text(32).optional(),
  })
  .describe('Shouqianba fields, only for provider shouqianba, passed on as they are.');

export const createPaymentSchema = named(
  'CreatePaymentRequest',
  z
    .strictObject({
      provider: z.enum(providers),
      scene: z.enum(scenes).describe('GET /v1/capabilities lists the scenes and wallets of each provider.'),
      wallet: z.enum(wallets).optional().describe('Required where the capabilities say walletRequired.'),
      amount: fen().describe(
        'Integer fen (分). TCC: below 1,000,000; Shouqianba: at most 10 digits (422 provider_rule).',
      ),
      merchantOrderNo: reference(64).describe(
        'Your order number, unique per tenant (409 duplicate_merchant_order_no): letters, digits and - _ . : /',
      ),
      subject: text(256)
        .refine((s) => utf8Bytes(s) <= 512, 'at most 512 UTF-8 bytes')
        .describe('At most 512 UTF-8 bytes; Zhixiao at most 128 UTF-8 bytes, Shouqianba at most 64 characters.'),
      authCode: authCode.optional(),
      operator: text(32).optional().describe('Who takes the payment; required for tcc and shouqianba.'),
      notifyUrl: httpUrl
        .pipe(safeWebhookUrl)
        .optional()
        .describe('An http(s) URL that receives every status change as a signed event (public addresses only).'),
      metadata: z
        .record(text(40), z.string().max(500))
        .refine((m) => Object.keys(m).length <= 50, 'at most 50 keys')
        .optional()
        .describe('Your own strings, returned as given: at most 50 keys of 1-40 characters, values at most 500.'),
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
            ctx.addIssue({
              code: 'custom',
              path: ['tcc', field],
              message: `tcc.${field} is required for provider tcc`,
            });
          }
        }
      }
      const items = b.tcc?.items;
      if (items && items.reduce((sum, i) => sum + i.amount, 0) !== b.amount) {
        ctx.addIssue({ code: 'custom', path: ['tcc', 'items'], message: 'item amounts must add up to amount' });
      }
    }),
);

export const createRefundSchema = named(
  'CreateRefundRequest',
  z.strictObject({
    amount: fen()
      .optional()
      .describe(
        'Integer fen; defaults to what is left. TCC: one refund per payment, partial only for offline (OFFLINE_CNY), ' +
          "online only on the payment's Asia/Shanghai day; Zhixiao and Shouqianba: several partial refunds.",
      ),
    refundNo: reference(32)
      .optional()
      .describe('Your refund number: the same refundNo on a payment returns the same refund.'),
    reason: text(256).optional(),
    operator: text(32).optional(),
  }),
);

export const repaySchema = named(
  'RepayRequest',
  z
    .strictObject({
      scene: z.enum(scenes).optional(),
      wallet: z.enum(wallets).optional(),
      authCode: authCode.optional(),
      subject: text(256).optional(),
    })
    .describe('What the re-issued TCC order changes; everything else stays.'),
);

export const resolveSchema = named(
  'ResolveRequest',
  z.strictObject({
    status: z.enum(['paid', 'failed', 'canceled', 'refunded', 'partially_refunded']),
    note: text(500).describe('Why: kept on the operator event.'),
    /** The person's finding on each open refund (pending or in review), by refund id; see resolvePayment. */
    refunds: z
      .record(z.string().regex(/^ref_[0-9A-Za-z]{1,40}$/, 'a refund id'), z.enum(['succeeded', 'failed']))
      .optional()
      .describe("The person's finding on each open refund (pending or in review), by refund id."),
  }),
);

export const emptyBodySchema = named(
  'EmptyRequest',
  z.strictObject({}).describe('No fields; the body may be left out.'),
);

/** The body Zhixiao posts to the webhook (2.5), form-encoded or JSON; the webhook reads it itself. */
export const zhixiaoNotifySchema = named(
  'ZhixiaoNotify',
  z.object({
    id: z.string().describe('Our Zhixiao app id.'),
    param: z.string().describe('The AES-encrypted notify (base64).'),
    sign: z.string().describe('md5(id + param + app secret), hex.'),
  }),
);

export const paymentIdParams = z.object({ id: text(64).describe('The payment id (pay_…).') });

export const getPaymentQuery = z.strictObject({
  refresh: z.enum(['true', 'false']).optional().describe('true asks the provider first and applies what it says.'),
});

/** An ISO-8601 time with its offset, kept as the UTC form payments are stored with, so ranges compare as text. */
const isoTime = z.iso.datetime({ offset: true }).transform((t) => new Date(t).toISOString());

export const listPaymentsQuery = z.strictObject({
  merchantOrderNo: reference(64).optional().describe('Only the payment with this merchantOrderNo.'),
  status: z.enum(paymentStatuses).optional(),
  provider: z.enum(providers).optional().describe('Only payments at this provider.'),
  createdFrom: isoTime.optional().describe('Only payments created at or after this time (ISO-8601 with offset).'),
  createdTo: isoTime.optional().describe('Only payments created before this time (ISO-8601 with offset).'),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: text(2048)
    .regex(/^[A-Za-z0-9_-]+$/, 'not a cursor this API returned')
    .optional()
    .describe('nextCursor of the previous page, as it was handed out.'),
});

export const listReconciliationsQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20).describe('How many runs, newest first.'),
});

export const reportParams = z.object({
  date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'yyyy-mm-dd')
    .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)), 'not a calendar date')
    .describe('An Asia/Shanghai calendar day, yyyy-mm-dd.'),
});

export const cardQuery = z.strictObject({ schoolId: text(64).describe("The school's Zhixiao id.") });
export const uidParams = z.object({ uid: text(128).describe('A WeChat or Alipay user id.') });
export const userNoParams = z.object({ userNo: text(64).describe('A student or teacher number.') });
