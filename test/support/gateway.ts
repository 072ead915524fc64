import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll } from 'vitest';
import { createDocumentClient } from '../../lib/store/table';
import { type LocalGateway, startLocal } from '../../local/runtime';
import { conformanceErrors, type RecordedAnswer } from './conformance';

export const demoKey = 'sk_test_demo';
export const otherKey = 'sk_test_other';

export interface ApiAnswer<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: T;
}

/** A running local gateway for one test file, with small helpers to speak to it and to its sandbox. */
export class TestGateway {
  gateway!: LocalGateway;
  /** Every answer `request` received, checked against the OpenAPI document when the file's tests end. */
  readonly answers: RecordedAnswer[] = [];

  get url() {
    return this.gateway.apiUrl;
  }

  get sandboxUrl() {
    return this.gateway.sandboxUrl as string;
  }

  async request<T = Record<string, unknown>>(
    method: string,
    path: string,
    options: { body?: unknown; key?: string | null; headers?: Record<string, string> } = {},
  ): Promise<ApiAnswer<T>> {
    const key = options.key === undefined ? demoKey : options.key;
    const res = await fetch(`${this.url}${path}`, {
      method,
      headers: {
        ...(key ? { authorization: `Bearer ${key}` } : {}),
        ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...options.headers,
      },
      ...(options.body !== undefined
        ? { body: typeof options.body === 'string' ? options.body : JSON.stringify(options.body) }
        : {}),
    });
    const text = await res.text();
    const body = text ? JSON.parse(text) : {};
    this.answers.push({
      method,
      path: new URL(path, this.url).pathname,
      status: res.status,
      contentType: res.headers.get('content-type'),
      body,
    });
    return { status: res.status, headers: res.headers, body };
  }

  /** Polls GET /v1/payments/{id} until `done` holds or `timeoutMs` passes; returns the last payment. */
  async waitFor(id: string, done: (p: Record<string, unknown>) => boolean, timeoutMs = 15_000, key = demoKey) {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const { body } = await this.request('GET', `/v1/payments/${id}`, { key });
      if (done(body) || Date.now() > until) return body;
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  /** Resolves once the delivery queue has nothing left to send (notifications are delivered off the request). */
  async deliveriesSettled() {
    await this.gateway.deliveryQueue.idle();
  }

  /**
   * Holds the delivery consumer (messages wait) until the returned function is called: a test that counts or fails
   * the writes of one payment keeps the consumer's writes (fan-outs, delivery records) out of that moment.
   */
  holdDeliveries(): () => void {
    return this.gateway.deliveryQueue.hold();
  }

  /** What the Shouqianba sandbox received, optionally for one payment (client_sn) and operation. */
  shouqianbaCalls(clientSn?: string, op?: string) {
    const calls = this.gateway.sandbox?.shouqianba?.calls ?? [];
    return calls.filter((c) => (!clientSn || c.body.client_sn === clientSn) && (!op || c.op === op));
  }

  /** What the Zhixiao sandbox received (decrypted), optionally for one payment and operation. */
  zhixiaoCalls(outTradeNo?: string, op?: string) {
    const calls = this.gateway.sandbox?.zhixiao?.calls ?? [];
    return calls.filter((c) => (!outTradeNo || c.param?.out_trade_no === outTradeNo) && (!op || c.op === op));
  }

  /** What the TCC sandbox received, optionally for one TCC order and method. */
  tccCalls(orderId?: string, method?: string) {
    const calls = this.gateway.sandbox?.tcc?.calls ?? [];
    return calls.filter((c) => (!orderId || c.path.includes(orderId)) && (!method || c.method === method));
  }

  /**
   * Rewrites stored fields of a payment behind the API's back, to stand for what only time or a crash produces
   * (a payment paid yesterday, a cancel attempt whose answer was lost).
   */
  async patchStored(id: string, fields: Record<string, unknown>) {
    // After the consumer's writes for the payment so far, and as a new version, so a write in flight re-reads it.
    await this.deliveriesSettled();
    const db = createDocumentClient({
      tableName: 'paybridge',
      region: 'us-east-1',
      endpoint: this.gateway.dynamoEndpoint,
    });
    const names = Object.keys(fields);
    await db.send(
      new UpdateCommand({
        TableName: 'paybridge',
        Key: { pk: `PAYMENT#${id}`, sk: 'PAYMENT' },
        UpdateExpression: `SET ${names.map((_, i) => `#f${i} = :v${i}`).join(', ')}, #version = #version + :one`,
        ExpressionAttributeNames: { ...Object.fromEntries(names.map((n, i) => [`#f${i}`, n])), '#version': 'version' },
        ExpressionAttributeValues: { ...Object.fromEntries(names.map((n, i) => [`:v${i}`, fields[n]])), ':one': 1 },
      }),
    );
  }

  async sandboxControl(path: string, body?: unknown) {
    const res = await fetch(`${this.sandboxUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body ?? {}),
    });
    return { status: res.status, body: await res.json() };
  }
}

let counter = 0;
/** A merchantOrderNo unique within the test run. */
export const orderNo = (prefix = 'T') => `${prefix}-${process.pid}-${Date.now()}-${++counter}`;

/** Starts the gateway before the file's tests and stops it after, then checks its answers against the document. */
export const useGateway = (env: Record<string, string> = {}): TestGateway => {
  const t = new TestGateway();
  beforeAll(async () => {
    t.gateway = await startLocal({
      PORT: '0',
      API_KEYS: `demo:${demoKey},other:${otherKey}`,
      SHOUQIANBA_POLL_INTERVAL_S: '1',
      SHOUQIANBA_POLL_TIMEOUT_S: '6',
      TCC_POLL_INTERVAL_S: '1',
      TCC_POLL_TIMEOUT_S: '6',
      ZHIXIAO_POLL_INTERVAL_S: '1',
      ZHIXIAO_POLL_TIMEOUT_S: '6',
      ...env,
    });
  });
  afterAll(async () => {
    await t.gateway?.close();
    const mismatches = conformanceErrors(t.answers);
    if (mismatches.length) {
      throw new Error(`Answers that /openapi.json does not describe:\n${mismatches.join('\n')}`);
    }
  });
  return t;
};

export const shouqianbaBarcode = (authCode: string, extra: Record<string, unknown> = {}) => ({
  provider: 'shouqianba',
  scene: 'barcode',
  amount: 1999,
  merchantOrderNo: orderNo(),
  subject: 'Overdue fine',
  operator: 'desk-1',
  authCode,
  ...extra,
});

export const shouqianbaQr = (extra: Record<string, unknown> = {}) => ({
  provider: 'shouqianba',
  scene: 'qrcode',
  wallet: 'wechat',
  amount: 1000,
  merchantOrderNo: orderNo(),
  subject: 'Library card',
  operator: 'desk-1',
  ...extra,
});

export const tccPayment = (scene: string, wallet: string | undefined, extra: Record<string, unknown> = {}) => ({
  provider: 'tcc',
  scene,
  ...(wallet ? { wallet } : {}),
  amount: 1999,
  merchantOrderNo: orderNo('TCC'),
  subject: 'Overdue fine',
  operator: 'desk-1',
  tcc: { orgId: 1, userId: 2, userType: 1, financialType: '102' },
  ...extra,
});

export const zhixiaoPayment = (scene = 'h5', extra: Record<string, unknown> = {}) => ({
  provider: 'zhixiao',
  scene,
  amount: 19800,
  merchantOrderNo: orderNo('ZX'),
  subject: '2026 学费',
  zhixiao: { userNo: '2013141516', userName: '张三' },
  ...extra,
});
