import * as z from 'zod';
import { eventSources, providers, scenes, wallets } from '../domain/payment';
import { reviewReasons } from '../domain/review';
import { cancelReasons, paymentStatuses, refundStatuses } from '../domain/status';
import { named } from './components';

/** The response side of the API: every shape a route answers, as the OpenAPI document states it. */

const timestamp = z.string().describe('ISO-8601, UTC');
const failureSchema = z
  .object({ code: z.string(), message: z.string() })
  .nullable()
  .describe("The provider's own code and message.");

export const paymentSchema = named(
  'Payment',
  z.object({
    id: z.string(),
    object: z.literal('payment'),
    provider: z.enum(providers),
    scene: z.enum(scenes),
    wallet: z.enum(wallets).nullable(),
    amount: z.number().int().describe('Integer fen'),
    amountRefunded: z.number().int().describe('Integer fen'),
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
      .nullable()
      .describe('What the payer needs next, if anything.'),
    providerRefs: z.object({
      orderId: z.string().optional(),
      sn: z.string().optional(),
      tradeNo: z.string().optional(),
      financialIds: z.array(z.string()).optional(),
    }),
    failure: failureSchema,
    metadata: z.record(z.string(), z.string()),
    createdAt: timestamp,
    updatedAt: timestamp,
    paidAt: timestamp.nullable(),
    expiresAt: timestamp.nullable(),
  }),
);

export const refundSchema = named(
  'Refund',
  z.object({
    id: z.string(),
    object: z.literal('refund'),
    paymentId: z.string(),
    amount: z.number().int().describe('Integer fen'),
    refundNo: z.string().nullable(),
    reason: z.string().nullable(),
    operator: z.string().nullable(),
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
    type: z.string().describe('payment.<status>, refund.<status>, invoice.*, notification.*'),
    paymentId: z.string(),
    at: timestamp,
    source: z.enum(eventSources),
    from: z.string().nullable(),
    to: z.string(),
    data: z.record(z.string(), z.unknown()),
  }),
);

export const problemSchema = named(
  'Problem',
  z
    .object({
      type: z.string(),
      title: z.string(),
      status: z.number().int(),
      code: z.string().describe('The stable machine field: see each response for the codes it may carry.'),
      detail: z.string(),
      errors: z
        .array(z.object({ path: z.string(), message: z.string() }))
        .optional()
        .describe('validation_error only: one entry per field (dotted path; query. and path. for those).'),
      payment: paymentSchema
        .optional()
        .describe('invalid_state on a cancel: the payment as it now stands (the payer may just have paid).'),
    })
    .describe('RFC 9457 problem details.'),
);

export const paymentListSchema = named(
  'PaymentList',
  z.object({ data: z.array(paymentSchema), nextCursor: z.string().nullable() }),
);
export const refundListSchema = named('RefundList', z.object({ data: z.array(refundSchema) }));
export const eventListSchema = named('EventList', z.object({ data: z.array(eventSchema) }));
export const healthSchema = named('Health', z.object({ status: z.literal('ok') }));

const sceneSupportSchema = z.object({
  wallets: z.array(z.enum(wallets)),
  walletRequired: z.boolean(),
  via: z.string().describe("The provider's own name for the method."),
});
const providerCapabilities = z.object({
  enabled: z.boolean(),
  scenes: z.partialRecord(z.enum(scenes), sceneSupportSchema),
});
export const capabilitiesSchema = named(
  'Capabilities',
  z
    .object(
      Object.fromEntries(providers.map((p) => [p, providerCapabilities])) as Record<
        (typeof providers)[number],
        typeof providerCapabilities
      >,
    )
    .describe('Every provider, enabled in this deployment or not.'),
);

/** Zhixiao 2.6 / 2.7 fields, camelCased; other fields Zhixiao adds pass through. */
const zhixiaoPerson = {
  userNo: z.string(),
  userName: z.string(),
  sex: z.string().describe('0 unknown, 1 male, 2 female'),
  identityType: z.string().describe('0 temporary, 1 student, 2 teacher'),
};
export const zhixiaoUserSchema = named('ZhixiaoUser', z.looseObject({ openId: z.string(), ...zhixiaoPerson }));
export const zhixiaoCardSchema = named(
  'ZhixiaoCard',
  z.looseObject({ schoolId: z.string().optional(), schemaUrl: z.string(), ...zhixiaoPerson }),
);
export const openApiDocumentSchema = named(
  'OpenApiDocument',
  z.record(z.string(), z.unknown()).describe('An OpenAPI 3.1 document.'),
);
export const reconciliationReportSchema = named(
  'ReconciliationReport',
  z.object({
    checked: z.number().int(),
    changed: z.number().int(),
    needsReview: z.array(z.string()).describe('Ids of the payments that now need a person.'),
    startedAt: timestamp,
    finishedAt: timestamp,
  }),
);
export const reconciliationRunSchema = named(
  'ReconciliationRun',
  reconciliationReportSchema.extend({
    id: z.string(),
    object: z.literal('reconciliation'),
    trigger: z.enum(['scheduled', 'manual']).describe('The 5-minute schedule, or POST /v1/reconciliations.'),
    needsReview: z.array(z.string()).describe('The first 100 ids of the payments the run left needing a person.'),
    needsReviewCount: z.number().int().describe('How many payments the run left needing a person.'),
  }),
);
export const reconciliationRunListSchema = named(
  'ReconciliationRunList',
  z.object({ data: z.array(reconciliationRunSchema).describe("The caller's runs, newest first.") }),
);

export const zhixiaoAnswerSchema = named(
  'ZhixiaoAnswer',
  z
    .object({ ret_code: z.string(), ret_content: z.string(), sign: z.string() })
    .describe('Signed: sign = md5(ret_code + ret_content + app secret).'),
);
export const invoiceResultSchema = named('InvoiceResult', z.object({ status: z.literal('issued') }));

const countAndAmount = z.object({ count: z.number().int(), amount: z.number().int().describe('Integer fen') });
export const dailyReportSchema = named(
  'DailyReport',
  z.object({
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
  }),
);
