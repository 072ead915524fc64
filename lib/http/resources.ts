import { eventSources, providers, scenes, wallets } from '../domain/payment';
import { reviewReasons } from '../domain/review';
import { cancelReasons, paymentStatuses, refundStatuses } from '../domain/status';
import * as z from '../zod';
import { named } from './components';
import { described } from './schema-parts';

/** The response side of the API: every shape a route answers, as the OpenAPI document states it. */

const timestamp = described('ISO-8601, UTC', z.string());
const failureSchema = described(
  "The provider's own code and message.",
  z.nullable(z.object({ code: z.string(), message: z.string() })),
);
const int = () => z.number().check(z.int());
const fen = () => described('Integer fen', int());

export const paymentSchema = named(
  'Payment',
  z.object({
    id: z.string(),
    object: z.literal('payment'),
    provider: z.enum(providers),
    scene: z.enum(scenes),
    wallet: z.nullable(z.enum(wallets)),
    amount: fen(),
    amountRefunded: fen(),
    currency: z.literal('CNY'),
    merchantOrderNo: z.string(),
    subject: z.string(),
    status: z.enum(paymentStatuses),
    cancelReason: z.nullable(z.enum(cancelReasons)),
    reviewReason: z.nullable(z.enum(reviewReasons)),
    action: described(
      'What the payer needs next, if anything.',
      z.nullable(
        z.union([
          z.object({ type: z.literal('qrcode'), qrCode: z.string() }),
          z.object({ type: z.literal('redirect'), url: z.string() }),
          z.object({ type: z.literal('miniprogram'), params: z.record(z.string(), z.unknown()) }),
        ]),
      ),
    ),
    providerRefs: z.object({
      orderId: z.optional(z.string()),
      sn: z.optional(z.string()),
      tradeNo: z.optional(z.string()),
      financialIds: z.optional(z.array(z.string())),
    }),
    failure: failureSchema,
    metadata: z.record(z.string(), z.string()),
    createdAt: timestamp,
    updatedAt: timestamp,
    paidAt: z.nullable(timestamp),
    expiresAt: z.nullable(timestamp),
  }),
);

export const refundSchema = named(
  'Refund',
  z.object({
    id: z.string(),
    object: z.literal('refund'),
    paymentId: z.string(),
    amount: fen(),
    refundNo: z.nullable(z.string()),
    reason: z.nullable(z.string()),
    operator: z.nullable(z.string()),
    status: z.enum(refundStatuses),
    failure: failureSchema,
    createdAt: timestamp,
    updatedAt: timestamp,
  }),
);

export const eventSchema = named(
  'Event',
  z.object({
    id: z.string(),
    type: described('payment.<status>, refund.<status>, invoice.*, notification.*', z.string()),
    paymentId: z.string(),
    at: timestamp,
    source: z.enum(eventSources),
    from: z.nullable(z.string()),
    to: z.string(),
    data: z.record(z.string(), z.unknown()),
  }),
);

export const problemSchema = named(
  'Problem',
  described(
    'RFC 9457 problem details.',
    z.object({
      type: z.string(),
      title: z.string(),
      status: int(),
      code: described('The stable machine field: see each response for the codes it may carry.', z.string()),
      detail: z.string(),
      errors: described(
        'validation_error only: one entry per field (dotted path; query. and path. for those).',
        z.optional(z.array(z.object({ path: z.string(), message: z.string() }))),
      ),
      payment: described(
        'invalid_state on a cancel: the payment as it now stands (the payer may just have paid).',
        z.optional(paymentSchema),
      ),
    }),
  ),
);

export const paymentListSchema = named(
  'PaymentList',
  z.object({ data: z.array(paymentSchema), nextCursor: z.nullable(z.string()) }),
);
export const refundListSchema = named('RefundList', z.object({ data: z.array(refundSchema) }));
export const eventListSchema = named('EventList', z.object({ data: z.array(eventSchema) }));
export const healthSchema = named('Health', z.object({ status: z.literal('ok') }));

const sceneSupportSchema = z.object({
  wallets: z.array(z.enum(wallets)),
  walletRequired: z.boolean(),
  via: described("The provider's own name for the method.", z.string()),
});
const providerCapabilities = z.object({
  enabled: z.boolean(),
  scenes: z.partialRecord(z.enum(scenes), sceneSupportSchema),
});
export const capabilitiesSchema = named(
  'Capabilities',
  described(
    'Every provider, enabled in this deployment or not.',
    z.object(
      Object.fromEntries(providers.map((p) => [p, providerCapabilities])) as Record<
        (typeof providers)[number],
        typeof providerCapabilities
      >,
    ),
  ),
);

/** Zhixiao 2.6 / 2.7 fields, camelCased; other fields Zhixiao adds pass through. */
const zhixiaoPerson = {
  userNo: z.string(),
  userName: z.string(),
  sex: described('0 unknown, 1 male, 2 female', z.string()),
  identityType: described('0 temporary, 1 student, 2 teacher', z.string()),
};
export const zhixiaoUserSchema = named('ZhixiaoUser', z.looseObject({ openId: z.string(), ...zhixiaoPerson }));
export const zhixiaoCardSchema = named(
  'ZhixiaoCard',
  z.looseObject({ schoolId: z.optional(z.string()), schemaUrl: z.string(), ...zhixiaoPerson }),
);
export const openApiDocumentSchema = named(
  'OpenApiDocument',
  described('An OpenAPI 3.1 document.', z.record(z.string(), z.unknown())),
);
export const reconciliationReportSchema = named(
  'ReconciliationReport',
  z.object({
    checked: int(),
    changed: int(),
    needsReview: described('Ids of the payments that now need a person.', z.array(z.string())),
    startedAt: timestamp,
    finishedAt: timestamp,
  }),
);
export const reconciliationRunSchema = named(
  'ReconciliationRun',
  z.extend(reconciliationReportSchema, {
    id: z.string(),
    object: z.literal('reconciliation'),
    trigger: described('The 5-minute schedule, or POST /v1/reconciliations.', z.enum(['scheduled', 'manual'])),
    needsReview: described('The first 100 ids of the payments the run left needing a person.', z.array(z.string())),
    needsReviewCount: described('How many payments the run left needing a person.', int()),
  }),
);
export const reconciliationRunListSchema = named(
  'ReconciliationRunList',
  z.object({ data: described("The caller's runs, newest first.", z.array(reconciliationRunSchema)) }),
);

export const zhixiaoAnswerSchema = named(
  'ZhixiaoAnswer',
  described(
    'Signed: sign = md5(ret_code + ret_content + app secret).',
    z.object({ ret_code: z.string(), ret_content: z.string(), sign: z.string() }),
  ),
);
export const invoiceResultSchema = named('InvoiceResult', z.object({ status: z.literal('issued') }));

const countAndAmount = z.object({ count: int(), amount: fen() });
export const dailyReportSchema = named(
  'DailyReport',
  z.object({
    date: z.string(),
    providers: z.array(
      z.object({
        provider: z.enum(providers),
        paid: countAndAmount,
        refunded: countAndAmount,
        canceled: z.object({ count: int() }),
        needsReview: z.object({ count: int() }),
      }),
    ),
  }),
);
