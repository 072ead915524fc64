import { PutCommand } from '@aws-sdk/lib-dynamodb';
import autocannon from 'autocannon';
import { newId } from '../lib/domain/ids';
import { ShouqianbaAdapter } from '../lib/providers/shouqianba/adapter';
import { createDocumentClient } from '../lib/store/table';
import { type LocalGateway, sandboxDefaults } from '../local/runtime';
import { countStoreRequests } from './counters';
import { emit, percentile, round } from './emit';
import { getAtFixedRate } from './fixed-rate';

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

const median = (values: number[]) => percentile(values, 50);

/** min/median/max store round trips per create, and the median of each operation. */
const roundTripFigures = (perCreate: Record<string, number>[]) => {
  const totals = perCreate.map((counts) => Object.values(counts).reduce((a, b) => a + b, 0));
  const operations = [...new Set(perCreate.flatMap((counts) => Object.keys(counts)))].sort();
  return {
    creates: perCreate.length,
    min: Math.min(...totals),
    median: median(totals),
    max: Math.max(...totals),
    medianByOperation: Object.fromEntries(operations.map((op) => [op, median(perCreate.map((c) => c[op] ?? 0))])),
  };
};

/**
 * API latency under load on the local runtime against the zero-latency sandbox, beside the floor timed in the same
 * run (the same provider call plus two direct SDK writes to the store), the store round trips of each create in the
 * one-connection run, and GET at a fixed 100 requests/s.
 */
export const benchLatency = async (gw: LocalGateway): Promise<void> => {
  let n = 0;
  const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
  const created = await fetch(`${gw.apiUrl}/v1/payments`, { method: 'POST', headers, body: body(++n) });
  const paymentId = ((await created.json()) as { id: string }).id;
  const route = 'POST /v1/payments (barcode, paid at once)';

  // With one connection the creates run one after another, so the store requests between two answers are one
  // create's (nothing else runs: the payments are paid at once, have no receivers and start no workflow).
  const store = countStoreRequests(gw);
  const perCreate: Record<string, number>[] = [];
  let sequentialP99 = Number.NaN;
  for (const connections of [1, 10]) {
    store.take();
    const create = await load(gw.apiUrl, connections, {
      method: 'POST',
      path: '/v1/payments',
      headers,
      setupRequest: (req) => ({ ...req, body: body(++n) }),
      ...(connections === 1 ? { onResponse: () => void perCreate.push(store.take()) } : {}),
    });
    if (connections === 1) sequentialP99 = create.p99;
    emit('api_latency_ms', { route, connections, durationS, ...create });
    const get = await load(gw.apiUrl, connections, { method: 'GET', path: `/v1/payments/${paymentId}`, headers });
    emit('api_latency_ms', { route: 'GET /v1/payments/{id}', connections, durationS, ...get });
  }
  store.stop();
  emit('create_store_round_trips', { route, connections: 1, ...roundTripFigures(perCreate) });

  const steady = await getAtFixedRate(`${gw.apiUrl}/v1/payments/${paymentId}`, headers, 100, durationS);
  emit('api_latency_ms', { route: 'GET /v1/payments/{id}', rate: 100, durationS, ...steady });

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
  const floorP99 = round(percentile(samples, 99));
  emit('floor_latency_ms', {
    what: 'provider pay call + 2 SDK writes, sequential',
    connections: 1,
    p50: round(percentile(samples, 50)),
    p99: floorP99,
    samples: samples.length,
  });
  emit('create_ratio', {
    what: 'sequential create p99 / floor p99, same run (goal ≤ 2)',
    createP99: sequentialP99,
    floorP99,
    ratio: round(sequentialP99 / floorP99),
  });
};
