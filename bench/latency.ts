import { Agent } from 'node:http';
import autocannon from 'autocannon';
import type { LocalGateway } from '../local/runtime';
import { countStoreRequests } from './counters';
import { emit, percentile, round } from './emit';
import { getAtFixedRate } from './fixed-rate';
import { floorOf } from './floor';
import { timedRequest } from './timed-request';

const key = 'sk_test_demo';
const durationS = 5;
const route = 'POST /v1/payments (barcode, paid at once)';

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

/** p50 and p99 of `samples`, in ms. */
const spread = (samples: number[]) => ({
  p50: round(percentile(samples, 50)),
  p99: round(percentile(samples, 99)),
});

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
 * Sequential creates over one keep-alive connection, each followed by one run of the floor, for `seconds`: taking
 * them in turn exposes both to the same moments of a shared machine, so their ratio means something. The delivery
 * consumer is held meanwhile and released after (in AWS it is another function, not this one's CPU), so the store
 * requests made while a create runs are that create's: the payments are paid at once and start no workflow, and
 * their events' fan-outs wait.
 */
const createsBesideFloor = async (gw: LocalGateway, headers: Record<string, string>, seconds: number) => {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const floor = floorOf(gw);
  const store = countStoreRequests(gw);
  const creates: number[] = [];
  const floors: number[] = [];
  const perCreate: Record<string, number>[] = [];
  let errors = 0;
  await floor(); // its SDK client's first request sets up a connection the creates' client already has
  await gw.deliveryQueue.idle();
  const release = gw.deliveryQueue.hold();
  const until = performance.now() + seconds * 1000;
  for (let n = 0; performance.now() < until; n++) {
    store.take();
    const created = await timedRequest(agent, `${gw.apiUrl}/v1/payments`, {
      method: 'POST',
      headers,
      body: body(n),
    });
    perCreate.push(store.take());
    if (created.status === 201) creates.push(created.ms);
    else errors++;
    floors.push(await floor());
  }
  store.stop();
  agent.destroy();
  release();
  await gw.deliveryQueue.idle();
  return { creates, floors, perCreate, errors };
};

/**
 * API latency on the local runtime against the zero-latency sandbox: sequential creates beside the floor (the same
 * provider call plus two direct SDK writes to the store) with each create's store round trips and the ratio of the
 * two p99s; creates over 10 connections; GET over 1 and 10 connections and at a steady 100 requests/s.
 */
export const benchLatency = async (gw: LocalGateway): Promise<void> => {
  const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
  const first = await fetch(`${gw.apiUrl}/v1/payments`, { method: 'POST', headers, body: body(-1) });
  const paymentId = ((await first.json()) as { id: string }).id;

  const sequential = await createsBesideFloor(gw, headers, 2 * durationS);
  const create = spread(sequential.creates);
  const floor = spread(sequential.floors);
  emit('api_latency_ms', {
    route,
    connections: 1,
    durationS: 2 * durationS,
    ...create,
    creates: sequential.creates.length,
    errors: sequential.errors,
  });
  emit('create_store_round_trips', { route, connections: 1, ...roundTripFigures(sequential.perCreate) });
  emit('floor_latency_ms', {
    what: 'provider pay call + 2 SDK writes, sequential, taken in turn with the creates',
    connections: 1,
    ...floor,
    samples: sequential.floors.length,
  });
  emit('create_ratio', {
    what: 'sequential create p99 / floor p99, same run (goal ≤ 2)',
    createP99: create.p99,
    floorP99: floor.p99,
    ratio: round(create.p99 / floor.p99),
    // The medians' ratio moves far less with the machine's other load than the tails' does.
    p50Ratio: round(create.p50 / floor.p50),
  });

  let n = 0;
  const concurrent = await load(gw.apiUrl, 10, {
    method: 'POST',
    path: '/v1/payments',
    headers,
    setupRequest: (req) => ({ ...req, body: body(1_000_000 + n++) }),
  });
  emit('api_latency_ms', { route, connections: 10, durationS, ...concurrent });

  for (const connections of [1, 10]) {
    const get = await load(gw.apiUrl, connections, { method: 'GET', path: `/v1/payments/${paymentId}`, headers });
    emit('api_latency_ms', { route: 'GET /v1/payments/{id}', connections, durationS, ...get });
  }
  // 1,500 requests: the p99 of 500 is their 5th slowest, which one hiccup of a shared machine decides alone.
  const steadyS = 3 * durationS;
  const steady = await getAtFixedRate(`${gw.apiUrl}/v1/payments/${paymentId}`, headers, 100, steadyS);
  emit('api_latency_ms', { route: 'GET /v1/payments/{id}', rate: 100, durationS: steadyS, ...steady });
};
