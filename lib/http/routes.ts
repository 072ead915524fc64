import type { Scope } from '../tenancy/scopes';
import type * as z from '../zod';
import * as a from './admin-schemas';
import { invoiceSchema } from './invoice-schema';
import { createPaymentSchema } from './payment-schemas';
import type { ProblemCode } from './problem-codes';
import * as r from './resources';
import * as s from './schemas';
import * as w from './webhook-schemas';

export const tags = {
  Payments: 'Create, read, list, cancel and re-issue payments.',
  Refunds: 'Refund all or part of a payment.',
  Operations: "A person's tools: resolve a payment, reconcile now, daily totals.",
  Zhixiao: "Zhixiao's extras: invoices, identity and campus-card look-ups.",
  Webhooks: 'Calls the providers make to us.',
  Notifications: 'Where outgoing notifications go (webhook endpoints) and how their deliveries went.',
  Service: 'What the gateway is and offers.',
  Admin: 'Tenants, their provider accounts and their API keys (keys with the `admin` scope).',
} as const;

/** One answer an operation gives besides its problems. */
export interface RouteResponse {
  description: string;
  schema?: z.core.$ZodType;
  /** `application/json` unless said otherwise. */
  contentType?: string;
}

export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  /** The handler module, relative to the repository root, without extension; it exports `handler`. */
  handler: string;
  operationId: string;
  tag: keyof typeof tags;
  summary: string;
  description: string;
  /** An API-key route served by `apiHandler` (401, 403, 500, and 400/413/415 where it takes input). */
  auth: boolean;
  /** The scope an API key needs for this route (every `auth` route names one). */
  scope?: Scope;
  /** Honours `Idempotency-Key`; must match the handler's own `idempotent` flag. */
  idempotent?: boolean;
  params?: z.core.$ZodType;
  query?: z.core.$ZodType;
  body?: { schema: z.core.$ZodType; required: boolean; contentTypes?: readonly string[] };
  responses: Record<number, RouteResponse>;
  /** Problem codes this operation answers beyond those its kind always may (see `lib/http/openapi.ts`). */
  problems?: readonly ProblemCode[];
  /** False for routes that serve files, not the API (the console): left out of the OpenAPI document. */
  documented?: false;
}

const payment = (description: string): RouteResponse => ({ description, schema: r.paymentSchema });
const unknownOutcome = payment(
  'The outcome at the provider is not known yet (timeout, 5xx, unreadable answer): the payment is kept and settled ' +
    'by polling or reconciliation.',
);
const provider: readonly ProblemCode[] = ['provider_error', 'provider_unavailable'];

/** The one route table: the CDK stack, the local server and the OpenAPI document all read it. */
export const routes: readonly Route[] = [
  {
    method: 'POST',
    path: '/v1/payments',
    handler: 'functions/api/create-payment',
    operationId: 'createPayment',
    tag: 'Payments',
    summary: 'Create a payment at a provider',
    description:
      'Records the payment, then asks the provider. A payment refused before the provider call (4xx) stores ' +
      'nothing and leaves its merchantOrderNo free; so does a definite provider error (502).',
    auth: true,
    scope: 'payments:write',
    idempotent: true,
    body: { schema: createPaymentSchema, required: true },
    responses: { 201: payment('The payment as the provider left it'), 202: unknownOutcome },
    problems: ['duplicate_merchant_order_no', 'unsupported_method', 'provider_rule', ...provider],
  },
  {
    method: 'GET',
    path: '/v1/payments',
    handler: 'functions/api/list-payments',
    operationId: 'listPayments',
    tag: 'Payments',
    summary: "List the tenant's payments, newest first",
    description: 'Pages of at most `limit`; pass `nextCursor` back as `cursor` for the next page.',
    auth: true,
    scope: 'payments:read',
    query: s.listPaymentsQuery,
    responses: { 200: { description: 'One page', schema: r.paymentListSchema } },
  },
  {
    method: 'GET',
    path: '/v1/payments/{id}',
    handler: 'functions/api/get-payment',
    operationId: 'getPayment',
    tag: 'Payments',
    summary: 'Read a payment',
    description: '`?refresh=true` asks the provider first and applies what it says (then 502/503 are possible).',
    auth: true,
    scope: 'payments:read',
    params: s.paymentIdParams,
    query: s.getPaymentQuery,
    responses: { 200: payment('The payment') },
    problems: ['not_found', ...provider],
  },
  {
    method: 'POST',
    path: '/v1/payments/{id}/cancel',
    handler: 'functions/api/cancel-payment',
    operationId: 'cancelPayment',
    tag: 'Payments',
    summary: 'Close an unpaid payment',
    description:
      'Cancels at the provider; the payment becomes canceled (cancelReason caller). Paid, refunded or already ' +
      'canceled payments, and a second TCC cancel, answer 409.',
    auth: true,
    scope: 'payments:write',
    idempotent: true,
    params: s.paymentIdParams,
    body: { schema: s.emptyBodySchema, required: false },
    responses: { 200: payment('The canceled payment'), 202: unknownOutcome },
    problems: ['not_found', 'invalid_state', 'conflict', 'unsupported_method', 'provider_rule', ...provider],
  },
  {
    method: 'POST',
    path: '/v1/payments/{id}/refunds',
    handler: 'functions/api/create-refund',
    operationId: 'createRefund',
    tag: 'Refunds',
    summary: 'Refund all or part of a payment',
    description:
      "The amount is reserved on the payment before the provider is called, so refunds never exceed what was paid. Each provider's rules are checked first (422 provider_rule).",
    auth: true,
    scope: 'payments:write',
    idempotent: true,
    params: s.paymentIdParams,
    body: { schema: s.createRefundSchema, required: false },
    responses: {
      200: { description: 'The refund this refundNo already made', schema: r.refundSchema },
      201: { description: 'The refund', schema: r.refundSchema },
      202: { description: 'The refund, pending: the provider has not confirmed it yet', schema: r.refundSchema },
    },
    problems: [
      'not_found',
      'invalid_state',
      'conflict',
      'unsupported_method',
      'provider_rule',
      'refund_exceeds_refundable',
      ...provider,
    ],
  },
  {
    method: 'GET',
    path: '/v1/payments/{id}/refunds',
    handler: 'functions/api/list-refunds',
    operationId: 'listRefunds',
    tag: 'Refunds',
    summary: "A payment's refunds",
    description: 'Every refund of the payment, oldest first.',
    auth: true,
    scope: 'payments:read',
    params: s.paymentIdParams,
    responses: { 200: { description: 'The refunds', schema: r.refundListSchema } },
    problems: ['not_found'],
  },
  {
    method: 'POST',
    path: '/v1/payments/{id}/repay',
    handler: 'functions/api/repay-payment',
    operationId: 'repayPayment',
    tag: 'Payments',
    summary: 'Re-issue an unpaid TCC order (支付重调)',
    description:
      'TCC only (others 422 unsupported_method), for a pending payment older than 3 minutes (else 422 ' +
      'provider_rule). The payment keeps its id and gets a fresh polling window.',
    auth: true,
    scope: 'payments:write',
    idempotent: true,
    params: s.paymentIdParams,
    body: { schema: s.repaySchema, required: false },
    responses: { 200: payment('The re-issued payment'), 202: unknownOutcome },
    problems: ['not_found', 'invalid_state', 'conflict', 'unsupported_method', 'provider_rule', ...provider],
  },
  {
    method: 'GET',
    path: '/v1/payments/{id}/events',
    handler: 'functions/api/list-events',
    operationId: 'listEvents',
    tag: 'Payments',
    summary: "A payment's history",
    description: 'Every status change and recorded action, oldest first; append-only.',
    auth: true,
    scope: 'payments:read',
    params: s.paymentIdParams,
    responses: { 200: { description: 'The events', schema: r.eventListSchema } },
    problems: ['not_found'],
  },
  {
    method: 'POST',
    path: '/v1/payments/{id}/resolve',
    handler: 'functions/api/resolve-payment',
    operationId: 'resolvePayment',
    tag: 'Operations',
    summary: "A person's decision on a needs_review payment",
    description: 'Only moves the status table allows; recorded as an event with source operator.',
    auth: true,
    scope: 'operator',
    idempotent: true,
    params: s.paymentIdParams,
    body: { schema: s.resolveSchema, required: true },
    responses: { 200: payment('The resolved payment') },
    problems: ['not_found', 'invalid_state', 'conflict'],
  },
  {
    method: 'GET',
    path: '/v1/reports/daily/{date}',
    handler: 'functions/api/get-daily-report',
    operationId: 'getDailyReport',
    tag: 'Operations',
    summary: 'Per provider totals for one Asia/Shanghai day',
    description: "Paid, refunded, canceled and needs_review counts (and amounts in fen) of the tenant's payments.",
    auth: true,
    scope: 'operator',
    params: s.reportParams,
    responses: { 200: { description: 'The day', schema: r.dailyReportSchema } },
  },
  {
    method: 'POST',
    path: '/v1/reconciliations',
    handler: 'functions/api/run-reconciliation',
    operationId: 'runReconciliation',
    tag: 'Operations',
    summary: 'Reconcile the open payments now',
    description: 'Checks every open or watched payment of the tenant with its provider, whatever its next due time.',
    auth: true,
    scope: 'operator',
    body: { schema: s.emptyBodySchema, required: false },
    responses: { 200: { description: 'What the run found', schema: r.reconciliationReportSchema } },
  },
  {
    method: 'GET',
    path: '/v1/reconciliations',
    handler: 'functions/api/list-reconciliations',
    operationId: 'listReconciliations',
    tag: 'Operations',
    summary: 'The latest reconciliation reports',
    description:
      "The tenant's share of each run, scheduled (when it checked a payment of the tenant) or manual, newest " +
      'first; runs are kept 30 days.',
    auth: true,
    scope: 'operator',
    query: s.listReconciliationsQuery,
    responses: { 200: { description: 'The runs', schema: r.reconciliationRunListSchema } },
  },
  {
    method: 'GET',
    path: '/v1/capabilities',
    handler: 'functions/api/get-capabilities',
    operationId: 'getCapabilities',
    tag: 'Service',
    summary: 'Which scenes and wallets each provider supports',
    description: 'Built from what each provider adapter declares.',
    auth: true,
    scope: 'payments:read',
    responses: { 200: { description: 'Per provider', schema: r.capabilitiesSchema } },
  },
  {
    method: 'GET',
    path: '/v1/payments/{id}/deliveries',
    handler: 'functions/api/list-deliveries',
    operationId: 'listDeliveries',
    tag: 'Notifications',
    summary: "Each notified event's deliveries, per destination",
    description:
      'For every event that was sent, one row per destination (the notifyUrl, each subscribed endpoint): attempts, ' +
      'the last answer status or error, the next retry, and whether it was delivered or given up.',
    auth: true,
    scope: 'payments:read',
    params: s.paymentIdParams,
    responses: { 200: { description: 'The deliveries', schema: w.deliveryListSchema } },
    problems: ['not_found'],
  },
  {
    method: 'POST',
    path: '/v1/webhook-endpoints',
    handler: 'functions/api/create-webhook-endpoint',
    operationId: 'createWebhookEndpoint',
    tag: 'Notifications',
    summary: 'Register a URL for events',
    description:
      'Its signing secret is in this answer only. Not under Idempotency-Key: a replayable answer would keep the ' +
      'secret unsealed.',
    auth: true,
    scope: 'operator',
    body: { schema: w.createWebhookEndpointSchema, required: true },
    responses: { 201: { description: 'The endpoint and its secret', schema: w.createdWebhookEndpointSchema } },
  },
  {
    method: 'GET',
    path: '/v1/webhook-endpoints',
    handler: 'functions/api/list-webhook-endpoints',
    operationId: 'listWebhookEndpoints',
    tag: 'Notifications',
    summary: "The tenant's webhook endpoints",
    description: 'Oldest first, without secrets.',
    auth: true,
    scope: 'operator',
    responses: { 200: { description: 'The endpoints', schema: w.webhookEndpointListSchema } },
  },
  {
    method: 'DELETE',
    path: '/v1/webhook-endpoints/{id}',
    handler: 'functions/api/delete-webhook-endpoint',
    operationId: 'deleteWebhookEndpoint',
    tag: 'Notifications',
    summary: 'Remove a webhook endpoint',
    description: 'Deliveries still pending for it are given up.',
    auth: true,
    scope: 'operator',
    params: w.webhookEndpointParams,
    responses: { 204: { description: 'Removed' } },
    problems: ['not_found'],
  },
  {
    method: 'POST',
    path: '/v1/webhook-endpoints/{id}/rotate',
    handler: 'functions/api/rotate-webhook-endpoint-secret',
    operationId: 'rotateWebhookEndpointSecret',
    tag: 'Notifications',
    summary: "Replace a webhook endpoint's signing secret",
    description:
      'The new secret is in this answer only; the old one keeps signing beside it until previousSecretExpiresAt ' +
      '(24 hours), so every notification meanwhile carries both signatures.',
    auth: true,
    scope: 'operator',
    params: w.webhookEndpointParams,
    body: { schema: s.emptyBodySchema, required: false },
    responses: { 200: { description: 'The new secret', schema: w.rotatedSecretSchema } },
    problems: ['not_found'],
  },
  {
    method: 'POST',
    path: '/webhooks/zhixiao',
    handler: 'functions/webhooks/zhixiao-notify',
    operationId: 'zhixiaoNotify',
    tag: 'Webhooks',
    summary: "Zhixiao's payment notify (2.5)",
    description:
      'Called by Zhixiao, not by API callers: the signature is checked on the raw fields, the param decrypted, and ' +
      '`paid` applied once (a repeat answers the same and changes nothing).',
    auth: false,
    body: {
      schema: s.zhixiaoNotifySchema,
      required: true,
      contentTypes: ['application/x-www-form-urlencoded', 'application/json'],
    },
    responses: {
      200: {
        description: 'Applied (ret_code 0), or well signed but not matching our payment (ret_code -1)',
        schema: r.zhixiaoAnswerSchema,
      },
      400: {
        description: 'Bad signature, unknown app id, or a param that does not decrypt or validate (ret_code -2)',
        schema: r.zhixiaoAnswerSchema,
      },
      500: { description: 'An unexpected failure: Zhixiao gets no signed answer and retries the notify' },
    },
  },
  {
    method: 'POST',
    path: '/v1/payments/{id}/invoice',
    handler: 'functions/api/create-invoice',
    operationId: 'createInvoice',
    tag: 'Zhixiao',
    summary: 'Issue a Zhixiao invoice (2.8) for a paid payment',
    description:
      'Once per payment: the request is recorded before Zhixiao is called, so concurrent requests make one call ' +
      '(the others 409). After a lost answer (502) the payment is not invoiced again without a person.',
    auth: true,
    scope: 'payments:write',
    idempotent: true,
    params: s.paymentIdParams,
    body: { schema: invoiceSchema, required: true },
    responses: { 201: { description: 'Issued', schema: r.invoiceResultSchema } },
    problems: ['not_found', 'invalid_state', 'conflict', 'unsupported_method', 'provider_rule', ...provider],
  },
  {
    method: 'GET',
    path: '/v1/providers/zhixiao/users/{uid}',
    handler: 'functions/api/get-zhixiao-user',
    operationId: 'getZhixiaoUser',
    tag: 'Zhixiao',
    summary: 'Zhixiao identity (2.6) of a WeChat or Alipay uid',
    description: "Zhixiao's fields, camelCased; fields Zhixiao adds pass through.",
    auth: true,
    scope: 'operator',
    params: s.uidParams,
    responses: { 200: { description: 'Who the uid is at the school', schema: r.zhixiaoUserSchema } },
    problems: ['unsupported_method', ...provider],
  },
  {
    method: 'GET',
    path: '/v1/providers/zhixiao/cards/{userNo}',
    handler: 'functions/api/get-zhixiao-card',
    operationId: 'getZhixiaoCard',
    tag: 'Zhixiao',
    summary: 'Zhixiao e-campus-card link (2.7) of a student or teacher',
    description: "Zhixiao's fields, camelCased; fields Zhixiao adds pass through.",
    auth: true,
    scope: 'operator',
    params: s.userNoParams,
    query: s.cardQuery,
    responses: { 200: { description: 'The card link', schema: r.zhixiaoCardSchema } },
    problems: ['unsupported_method', ...provider],
  },
  {
    method: 'POST',
    path: '/v1/admin/tenants',
    handler: 'functions/admin/create-tenant',
    operationId: 'createTenant',
    tag: 'Admin',
    summary: 'Create a tenant',
    description:
      'A new active tenant with its first signing secret (for its payments’ notifyUrl, shown in this answer only), ' +
      'no provider accounts and no keys yet. Idempotency-Key is not honoured here: a stored answer would keep the ' +
      'secret; a repeat answers 409 `tenant_exists`.',
    auth: true,
    scope: 'admin',
    body: { schema: a.createTenantSchema, required: true },
    responses: { 201: { description: 'The tenant and its signing secret', schema: a.createdTenantSchema } },
    problems: ['tenant_exists'],
  },
  {
    method: 'GET',
    path: '/v1/admin/tenants',
    handler: 'functions/admin/list-tenants',
    operationId: 'listTenants',
    tag: 'Admin',
    summary: 'List the tenants',
    description: 'Every tenant, oldest first.',
    auth: true,
    scope: 'admin',
    responses: { 200: { description: 'The tenants', schema: a.tenantListSchema } },
  },
  {
    method: 'GET',
    path: '/v1/admin/tenants/{id}',
    handler: 'functions/admin/get-tenant',
    operationId: 'getTenant',
    tag: 'Admin',
    summary: 'Read a tenant, its accounts and its keys',
    description: 'Account secrets show as their last four characters only; keys are never shown again.',
    auth: true,
    scope: 'admin',
    params: a.tenantParams,
    responses: { 200: { description: 'The tenant', schema: a.tenantDetailSchema } },
    problems: ['not_found'],
  },
  {
    method: 'POST',
    path: '/v1/admin/tenants/{id}/disable',
    handler: 'functions/admin/disable-tenant',
    operationId: 'disableTenant',
    tag: 'Admin',
    summary: 'Disable a tenant',
    description: 'Its keys answer 401 from then on (within the key cache time, 30 s); its data is kept.',
    auth: true,
    scope: 'admin',
    idempotent: true,
    params: a.tenantParams,
    responses: { 200: { description: 'The tenant', schema: a.tenantDetailSchema } },
    problems: ['not_found'],
  },
  {
    method: 'POST',
    path: '/v1/admin/tenants/{id}/signing-secret/rotate',
    handler: 'functions/admin/rotate-signing-secret',
    operationId: 'rotateSigningSecret',
    tag: 'Admin',
    summary: "Rotate a tenant's signing secret",
    description:
      "A new secret for the tenant's notifyUrl notifications, shown in this answer only; for 24 h both secrets sign " +
      '(two `v1=` entries). Not replayed by Idempotency-Key, for the same reason as tenant creation.',
    auth: true,
    scope: 'admin',
    params: a.tenantParams,
    responses: { 200: { description: 'The new secret', schema: a.rotatedSigningSecretSchema } },
    problems: ['not_found'],
  },
  {
    method: 'PUT',
    path: '/v1/admin/tenants/{id}/accounts/{provider}',
    handler: 'functions/admin/put-account',
    operationId: 'putAccount',
    tag: 'Admin',
    summary: "Set a tenant's account at a provider",
    description:
      'Shouqianba `{baseUrl, terminalSn, terminalKey}`, Zhixiao `{baseUrl, appId, appSecret, aesKey}`, TCC ' +
      '`{baseUrl, token?}`. Written as a new version (the same fields keep the current one): new payments use it, ' +
      'earlier payments keep the version they were created with. Secrets are sealed at rest and never shown again.',
    auth: true,
    scope: 'admin',
    params: a.accountParams,
    body: { schema: a.accountBodySchema, required: true },
    responses: { 200: { description: 'The account, secrets masked', schema: a.maskedAccountSchema } },
    problems: ['not_found'],
  },
  {
    method: 'POST',
    path: '/v1/admin/tenants/{id}/keys',
    handler: 'functions/admin/create-key',
    operationId: 'createKey',
    tag: 'Admin',
    summary: 'Create an API key for a tenant',
    description: 'The key is in this answer only; it is stored as its SHA-256.',
    auth: true,
    scope: 'admin',
    idempotent: true,
    params: a.tenantParams,
    body: { schema: a.createKeySchema, required: true },
    responses: { 201: { description: 'The key, shown once', schema: a.createdKeySchema } },
    problems: ['not_found'],
  },
  {
    method: 'DELETE',
    path: '/v1/admin/tenants/{id}/keys/{keyId}',
    handler: 'functions/admin/revoke-key',
    operationId: 'revokeKey',
    tag: 'Admin',
    summary: 'Revoke an API key',
    description: 'The key answers 401 from then on (within the key cache time, 30 s).',
    auth: true,
    scope: 'admin',
    params: a.keyParams,
    responses: { 204: { description: 'Revoked' } },
    problems: ['not_found'],
  },
  {
    method: 'GET',
    path: '/health',
    handler: 'functions/api/health',
    operationId: 'health',
    tag: 'Service',
    summary: 'Liveness',
    description: 'Answers without touching the store or a provider.',
    auth: false,
    responses: { 200: { description: 'Alive', schema: r.healthSchema } },
  },
  {
    method: 'GET',
    path: '/openapi.json',
    handler: 'functions/api/openapi',
    operationId: 'openapi',
    tag: 'Service',
    summary: 'This OpenAPI 3.1 document',
    description: 'Generated from the route table and the zod schemas that validate requests.',
    auth: false,
    responses: { 200: { description: 'The document', schema: r.openApiDocumentSchema } },
  },
  {
    method: 'GET',
    path: '/console',
    handler: 'functions/console/serve-console',
    operationId: 'console',
    tag: 'Service',
    summary: 'The operator console',
    description: 'The page of the finance desk’s console; it signs in with an API key and calls this API.',
    auth: false,
    responses: {},
    documented: false,
  },
  {
    method: 'GET',
    path: '/console/{file}',
    handler: 'functions/console/serve-console',
    operationId: 'consoleFile',
    tag: 'Service',
    summary: "The operator console's scripts and styles",
    description: 'A closed list of files: the console’s modules and the libraries it uses, from their npm packages.',
    auth: false,
    responses: {},
    documented: false,
  },
];

/** A regular expression matching the concrete paths of a route path, with one named group per `{parameter}`. */
export const routePattern = (path: string): RegExp => new RegExp(`^${path.replace(/\{(\w+)\}/g, '(?<$1>[^/]+)')}$`);
