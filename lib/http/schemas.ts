import { providers, scenes, wallets } from '../domain/payment';
import { paymentStatuses } from '../domain/status';
import * as z from '../zod';
import { named } from './components';
import { authCode, described, fen, reference, text } from './schema-parts';

/**
 * The request side of the API besides creating a payment (payment-schemas.ts) and invoices (invoice-schema.ts):
 * bodies, path parameters and queries, validated before anything is stored.
 */

export const createRefundSchema = named(
  'CreateRefundRequest',
  z.strictObject({
    amount: described(
      'Integer fen; defaults to what is left. TCC: one refund per payment, partial only for offline (OFFLINE_CNY), ' +
        "online only on the payment's Asia/Shanghai day; Zhixiao and Shouqianba: several partial refunds.",
      z.optional(fen()),
    ),
    refundNo: described(
      'Your refund number: the same refundNo on a payment returns the same refund.',
      z.optional(reference(32)),
    ),
    reason: z.optional(text(256)),
    operator: z.optional(text(32)),
  }),
);

export const repaySchema = named(
  'RepayRequest',
  described(
    'What the re-issued TCC order changes; everything else stays.',
    z.strictObject({
      scene: z.optional(z.enum(scenes)),
      wallet: z.optional(z.enum(wallets)),
      authCode: z.optional(authCode),
      subject: z.optional(text(256)),
    }),
  ),
);

export const resolveSchema = named(
  'ResolveRequest',
  z.strictObject({
    status: z.enum(['paid', 'failed', 'canceled', 'refunded', 'partially_refunded']),
    note: described('Why: kept on the operator event.', text(500)),
    /** The person's finding on each open refund (pending or in review), by refund id; see resolvePayment. */
    refunds: described(
      "The person's finding on each open refund (pending or in review), by refund id.",
      z.optional(
        z.record(z.string().check(z.regex(/^ref_[0-9A-Za-z]{1,40}$/, 'a refund id')), z.enum(['succeeded', 'failed'])),
      ),
    ),
  }),
);

export const emptyBodySchema = named(
  'EmptyRequest',
  described('No fields; the body may be left out.', z.strictObject({})),
);

/** The body Zhixiao posts to the webhook (2.5), form-encoded or JSON; the webhook reads it itself. */
export const zhixiaoNotifySchema = named(
  'ZhixiaoNotify',
  z.object({
    id: described('Our Zhixiao app id.', z.string()),
    param: described('The AES-encrypted notify (base64).', z.string()),
    sign: described('md5(id + param + app secret), hex.', z.string()),
  }),
);

export const paymentIdParams = z.object({ id: described('The payment id (pay_…).', text(64)) });

export const getPaymentQuery = z.strictObject({
  refresh: described('true asks the provider first and applies what it says.', z.optional(z.enum(['true', 'false']))),
});

/** An ISO-8601 time with its offset, kept as the UTC form payments are stored with, so ranges compare as text. */
const isoTime = () =>
  z.pipe(
    z.iso.datetime({ offset: true }),
    z.transform((t: string) => new Date(t).toISOString()),
  );

/** A page size: 1 to 100, 20 if not given. */
const limit = () => z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100)), 20);

export const listPaymentsQuery = z.strictObject({
  merchantOrderNo: described('Only the payment with this merchantOrderNo.', z.optional(reference(64))),
  status: z.optional(z.enum(paymentStatuses)),
  provider: described('Only payments at this provider.', z.optional(z.enum(providers))),
  createdFrom: described('Only payments created at or after this time (ISO-8601 with offset).', z.optional(isoTime())),
  createdTo: described('Only payments created before this time (ISO-8601 with offset).', z.optional(isoTime())),
  limit: limit(),
  cursor: described(
    'nextCursor of the previous page, as it was handed out.',
    z.optional(text(2048).check(z.regex(/^[A-Za-z0-9_-]+$/, 'not a cursor this API returned'))),
  ),
});

export const listReconciliationsQuery = z.strictObject({
  limit: described('How many runs, newest first.', limit()),
});

/** yyyy-mm-dd names a day of the calendar (not 2024-02-30, which `Date` would roll over into March). */
const isCalendarDay = (d: string): boolean => {
  const day = new Date(`${d}T00:00:00Z`);
  return !Number.isNaN(day.getTime()) && day.toISOString().slice(0, 10) === d;
};

export const reportParams = z.object({
  date: described(
    'An Asia/Shanghai calendar day, yyyy-mm-dd.',
    z.string().check(
      z.regex(/^\d{4}-\d{2}-\d{2}$/, 'yyyy-mm-dd'),
      z.refine((d) => isCalendarDay(d), 'not a calendar date'),
    ),
  ),
});

export const cardQuery = z.strictObject({ schoolId: described("The school's Zhixiao id.", text(64)) });
export const uidParams = z.object({ uid: described('A WeChat or Alipay user id.', text(128)) });
export const userNoParams = z.object({ userNo: described('A student or teacher number.', text(64)) });
