import { PutCommand } from '@aws-sdk/lib-dynamodb';
import autocannon from 'autocannon';
import { newId } from '../lib/domain/ids';
import { ShouqianbaAdapter } from '../lib/providers/shouqianba/adapter';
import { createDocumentClient } from '../lib/store/table';
import { type LocalGateway, sandboxDefaults } from '../local/runtime';
import { emit, percentile, round } from './emit';

const key = 'sk_test_demo';
const durationS = 5;

const body = (n: number) =>
  JSON.stringify({
    provider: 'shouqianba',
    scene: 'barcode',
    authCode: '139900001111222233',
    amount: 1999,
    merchantOrderNo: `BENCH-${process.pid}-${n}`,
    subject: 'bench',
    operator: 'bench',
  });

const load = async (url: string, connections: number, request: autocannon.Request) => {
  const result = await autocannon({ url, connections, duration: durationS, requests: [request] });
  return {
    p50: result.latency.p50,
    p99: result.latency.p99,
    rps: round(result.requests.average),
    errors: result.non2xx + result.errors,
  };
};

/**
 * API latency under load on the local runtime against the zero-latency sandbox, beside the floor timed in the same
 * run: the same provider call plus two direct SDK writes to the store.
 */
export const benchLatency = async (gw: LocalGateway): Promise<void> => {
  let n = 0;
  const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
  const created = await fetch(`${gw.apiUrl}/v1/payments`, { method: 'POST', headers, body: body(++n) });
  const paymentId = ((await created.json()) as { id: string }).id;

  for (const connections of [1, 10]) {
    const create = await load(gw.apiUrl, connections, {
      method: 'POST',
      path: '/v1/payments',
      headers,
      setupRequest: (req) => ({ ...req, body: body(++n) }),
    });
    emit('api_latency_ms', { route: 'POST /v1/payments (barcode, paid at once)', connections, durationS, ...create });
    const get = await load(gw.apiUrl, connections, { method: 'GET', path: `/v1/payments/${paymentId}`, headers });
    emit('api_latency_ms', { route: 'GET /v1/payments/{id}', connections, durationS, ...get });
  }

  const adapter = new ShouqianbaAdapter({
    baseUrl: gw.sandboxUrl as string,
    // The terminal the local tenants were seeded with (the environment's, else the sandbox's).
    terminalSn: process.env.SHOUQIANBA_TERMINAL_SN ?? sandboxDefaults.SHOUQIANBA_TERMINAL_SN,
    terminalKey: process.env.SHOUQIANBA_TERMINAL_KEY ?? sandboxDefaults.SHOUQIANBA_TERMINAL_KEY,
    timeoutMs: 10_000,
  });
  const db = createDocumentClient({ tableName: 'paybridge', region: 'us-east-1', endpoint: gw.dynamoEndpoint });
  const samples: number[] = [];
  const until = Date.now() + durationS * 1000;
  while (Date.now() < until) {
    const id = newId('pay');
    const started = performance.now();
    await db.send(new PutCommand({ TableName: 'paybridge', Item: { pk: `FLOOR#${id}`, sk: 'A', n: 1 } }));
    await adapter.create(
      {
        id,
        amount: 1999,
        subject: 'bench',
        operator: 'bench',
        scene: 'barcode',
        wallet: null,
        providerInput: {},
      } as never,
      '139900001111222233',
    );
    await db.send(new PutCommand({ TableName: 'paybridge', Item: { pk: `FLOOR#${id}`, sk: 'A', n: 2 } }));
    samples.push(performance.now() - started);
  }
  emit('floor_latency_ms', {
    what: 'provider pay call + 2 SDK writes, sequential',
    connections: 1,
    p50: round(percentile(samples, 50)),
    p99: round(percentile(samples, 99)),
    samples: samples.length,
  });
};
