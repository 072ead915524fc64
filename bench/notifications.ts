import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../lib/store/table';
import type { LocalGateway } from '../local/runtime';
import { emit, percentile, round } from './emit';

const headers = { authorization: 'Bearer sk_test_demo', 'content-type': 'application/json' };
/** The second `API_KEYS` tenant `npm run bench` starts with. */
export const benchTenantKey = 'sk_test_bench';
const requestsEach = 300;
const receivers = 100;

/** A receiver that answers 204 or 500 at once, or never answers (until `release`), as `state.mode` says. */
const startReceiver = async () => {
  const held: ServerResponse[] = [];
  const state = { mode: 'ok' as 'ok' | 'fail' | 'hang' };
  const server = createServer((req, res) => {
    req.resume();
    if (state.mode === 'hang') held.push(res);
    else res.writeHead(state.mode === 'ok' ? 204 : 500).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    state,
    /** Stops hanging: every held request gets its 500 now, and later ones at once. */
    release: () => {
      state.mode = 'fail';
      for (const res of held.splice(0)) res.writeHead(500).end();
    },
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
};

let n = 0;
const payment = (notifyUrl?: string) =>
  JSON.stringify({
    provider: 'shouqianba',
    scene: 'barcode',
    authCode: '139900001111222233',
    amount: 1999,
    merchantOrderNo: `NOTIFY-${process.pid}-${++n}`,
    subject: 'bench',
    operator: 'bench',
    ...(notifyUrl ? { notifyUrl } : {}),
  });

/**
 * Create latency without a receiver and with one that hangs, one request of each in turn over one connection, so
 * that whatever else the machine is doing weighs on both alike.
 */
const createLatencies = async (gw: LocalGateway, hangingUrl: string) => {
  const samples = { none: [] as number[], hangs: [] as number[] };
  for (let i = 0; i < 2 * requestsEach; i++) {
    const kind = i % 2 ? 'hangs' : 'none';
    const started = performance.now();
    const res = await fetch(`${gw.apiUrl}/v1/payments`, {
      method: 'POST',
      headers,
      body: payment(kind === 'hangs' ? hangingUrl : undefined),
    });
    await res.arrayBuffer();
    if (res.status !== 201) throw new Error(`create answered ${res.status}`);
    samples[kind].push(performance.now() - started);
  }
  return samples;
};

/**
 * Delivery off the request path, measured: create latency with no receiver and with one that never answers (they
 * must not differ beyond noise), and one reconciler pass over 100 payments whose receivers hang (it queues their
 * retries and returns; the 5 s delivery timeout is the queue consumer's, not the reconciler's).
 */
export const benchNotifications = async (gw: LocalGateway): Promise<void> => {
  const receiver = await startReceiver();
  try {
    receiver.state.mode = 'hang';
    const samples = await createLatencies(gw, receiver.url);
    for (const [kind, ms] of Object.entries(samples)) {
      emit('create_latency_ms', {
        receiver: kind,
        connections: 1,
        requests: ms.length,
        p50: round(percentile(ms, 50)),
        p99: round(percentile(ms, 99)),
      });
    }
    receiver.release();
    await gw.deliveryQueue.idle();

    // A tenant of its own (`bench`, seeded from API_KEYS) with 100 payments whose first delivery failed; then the
    // receivers hang and the retries fall due.
    const tenant = { authorization: `Bearer ${benchTenantKey}`, 'content-type': 'application/json' };
    const ids: string[] = [];
    for (let i = 0; i < receivers; i++) {
      const res = await fetch(`${gw.apiUrl}/v1/payments`, {
        method: 'POST',
        headers: tenant,
        body: payment(receiver.url),
      });
      ids.push(((await res.json()) as { id: string }).id);
    }
    await gw.deliveryQueue.idle();
    receiver.state.mode = 'hang';
    const db = createDocumentClient({ tableName: 'paybridge', region: 'us-east-1', endpoint: gw.dynamoEndpoint });
    const past = new Date(Date.now() - 1000).toISOString();
    for (const id of ids) {
      const key = { pk: `PAYMENT#${id}`, sk: 'PAYMENT' };
      const item = (await db.send(new GetCommand({ TableName: 'paybridge', Key: key }))).Item as Record<
        string,
        unknown
      >;
      const outbox = (item.outbox as { nextAttemptAt: string }[]).map((e) => ({ ...e, nextAttemptAt: past }));
      await db.send(new PutCommand({ TableName: 'paybridge', Item: { ...item, outbox, nextCheckAt: past } }));
    }
    const started = performance.now();
    const res = await fetch(`${gw.apiUrl}/v1/reconciliations`, { method: 'POST', headers: tenant, body: '{}' });
    const ms = performance.now() - started;
    const report = (await res.json()) as { checked: number };
    emit('reconcile_with_hanging_receivers', {
      receivers,
      checked: report.checked,
      ms: round(ms, 0),
      deliveryTimeoutMs: 5000,
      inlineDeliveryWouldTakeMs: receivers * 5000,
    });
  } finally {
    receiver.release();
    await receiver.close();
  }
};
