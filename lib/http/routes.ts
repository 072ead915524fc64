import type { z } from 'zod';
import * as s from './schemas';

export interface Route {
  method: 'GET' | 'POST';
  path: string;
  /** The handler module, relative to the repository root, without extension; it exports `handler`. */
  handler: string;
  operationId: string;
  summary: string;
  auth: boolean;
  body?: z.ZodType;
  query?: z.ZodType;
  responses: Record<number, z.ZodType>;
}

const errors = { 400: s.problemSchema, 401: s.problemSchema, 404: s.problemSchema };

/** The one route table: the CDK stack, the local server and the OpenAPI document all read it. */
export const routes: readonly Route[] = [
  {
    method: 'POST',
    path: '/v1/payments',
    handler: 'functions/api/create-payment',
    operationId: 'createPayment',
    summary: 'Create a payment at a provider',
    auth: true,
    body: s.createPaymentSchema,
    responses: { 201: s.paymentSchema, 202: s.paymentSchema, ...errors, 409: s.problemSchema, 422: s.problemSchema },
  },
  {
    method: 'GET',
    path: '/v1/payments',
    handler: 'functions/api/list-payments',
    operationId: 'listPayments',
    summary: "List the tenant's payments, newest first",
    auth: true,
    query: s.listPaymentsQuery,
    responses: { 200: s.paymentListSchema, ...errors },
  },
  {
    method: 'GET',
    path: '/v1/payments/{id}',
    handler: 'functions/api/get-payment',
    operationId: 'getPayment',
    summary: 'Read a payment; ?refresh=true asks the provider first',
    auth: true,
    query: s.getPaymentQuery,
    responses: { 200: s.paymentSchema, ...errors },
  },
  {
    method: 'POST',
    path: '/v1/payments/{id}/cancel',
    handler: 'functions/api/cancel-payment',
    operationId: 'cancelPayment',
    summary: 'Close an unpaid payment',
    auth: true,
    body: s.emptyBodySchema,
    responses: { 200: s.paymentSchema, 202: s.paymentSchema, ...errors, 409: s.problemSchema },
  },
  {
    method: 'POST',
    path: '/v1/payments/{id}/refunds',
    handler: 'functions/api/create-refund',
    operationId: 'createRefund',
    summary: 'Refund all or part of a payment',
    auth: true,
    body: s.createRefundSchema,
    responses: {
      200: s.refundSchema,
      201: s.refundSchema,
      202: s.refundSchema,
      ...errors,
      409: s.problemSchema,
      422: s.problemSchema,
    },
  },
  {
    method: 'GET',
    path: '/v1/payments/{id}/refunds',
    handler: 'functions/api/list-refunds',
    operationId: 'listRefunds',
    summary: "A payment's refunds",
    auth: true,
    responses: { 200: s.refundListSchema, ...errors },
  },
  {
    method: 'POST',
    path: '/v1/payments/{id}/repay',
    handler: 'functions/api/repay-payment',
    operationId: 'repayPayment',
    summary: 'Re-issue an unpaid TCC order (支付重调) with a fresh polling window',
    auth: true,
    body: s.repaySchema,
    responses: { 200: s.paymentSchema, 202: s.paymentSchema, ...errors, 422: s.problemSchema, 502: s.problemSchema },
  },
  {
    method: 'GET',
    path: '/v1/payments/{id}/events',
    handler: 'functions/api/list-events',
    operationId: 'listEvents',
    summary: "A payment's status history",
    auth: true,
    responses: { 200: s.eventListSchema, ...errors },
  },
  {
    method: 'POST',
    path: '/v1/payments/{id}/resolve',
    handler: 'functions/api/resolve-payment',
    operationId: 'resolvePayment',
    summary: "A person's decision on a needs_review payment",
    auth: true,
    body: s.resolveSchema,
    responses: { 200: s.paymentSchema, ...errors, 409: s.problemSchema },
  },
  {
    method: 'GET',
    path: '/v1/reports/daily/{date}',
    handler: 'functions/api/get-daily-report',
    operationId: 'getDailyReport',
    summary: 'Per provider totals for one Asia/Shanghai day (yyyy-mm-dd)',
    auth: true,
    responses: { 200: s.dailyReportSchema, ...errors },
  },
  {
    method: 'POST',
    path: '/v1/reconciliations',
    handler: 'functions/api/run-reconciliation',
    operationId: 'runReconciliation',
    summary: 'Run the reconciliation of open payments now',
    auth: true,
    body: s.emptyBodySchema,
    responses: { 200: s.reconciliationReportSchema, 401: s.problemSchema },
  },
  {
    method: 'GET',
    path: '/v1/capabilities',
    handler: 'functions/api/get-capabilities',
    operationId: 'getCapabilities',
    summary: 'Which scene and wallet each provider supports',
    auth: true,
    responses: { 200: s.capabilitiesSchema, 401: s.problemSchema },
  },
  {
    method: 'POST',
    path: '/webhooks/zhixiao',
    handler: 'functions/webhooks/zhixiao-notify',
    operationId: 'zhixiaoNotify',
    summary: "Zhixiao's payment notify (2.5): form-encoded or JSON id, param, sign",
    auth: false,
    responses: { 200: s.zhixiaoAnswerSchema, 400: s.zhixiaoAnswerSchema },
  },
  {
    method: 'POST',
    path: '/v1/payments/{id}/invoice',
    handler: 'functions/api/create-invoice',
    operationId: 'createInvoice',
    summary: 'Issue a Zhixiao invoice (2.8) for a paid payment',
    auth: true,
    body: s.invoiceSchema,
    responses: {
      201: s.invoiceResultSchema,
      ...errors,
      409: s.problemSchema,
      422: s.problemSchema,
      502: s.problemSchema,
    },
  },
  {
    method: 'GET',
    path: '/v1/providers/zhixiao/users/{uid}',
    handler: 'functions/api/get-zhixiao-user',
    operationId: 'getZhixiaoUser',
    summary: 'Zhixiao identity (2.6) of a WeChat/Alipay uid, camelCased',
    auth: true,
    responses: { 200: s.zhixiaoUserSchema, ...errors, 422: s.problemSchema, 502: s.problemSchema },
  },
  {
    method: 'GET',
    path: '/v1/providers/zhixiao/cards/{userNo}',
    handler: 'functions/api/get-zhixiao-card',
    operationId: 'getZhixiaoCard',
    summary: 'Zhixiao e-campus-card link (2.7) of a student or teacher, camelCased',
    auth: true,
    query: s.cardQuery,
    responses: { 200: s.zhixiaoCardSchema, ...errors, 422: s.problemSchema, 502: s.problemSchema },
  },
  {
    method: 'GET',
    path: '/health',
    handler: 'functions/api/health',
    operationId: 'health',
    summary: 'Liveness',
    auth: false,
    responses: { 200: s.healthSchema },
  },
  {
    method: 'GET',
    path: '/openapi.json',
    handler: 'functions/api/openapi',
    operationId: 'openapi',
    summary: 'This OpenAPI 3.1 document',
    auth: false,
    responses: { 200: s.openApiDocumentSchema },
  },
];
