import * as z from 'zod';
import { providers, scenes, wallets } from '../domain/payment';
import { paymentStatuses } from '../domain/status';
import { named } from './components';
import { authCode, fen, reference, text } from './schema-parts';

/**
 * The request side of the API besides creating a payment (payment-schemas.ts) and invoices (invoice-schema.ts):
 * bodies, path parameters and queries, validated before anything is stored.
 */

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
