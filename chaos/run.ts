import { storeFaults } from '../lib/store/fault-injection';
import { type LocalGateway, startLocal } from '../local/runtime';
import { sleep } from '../sandbox/http';
import { ApiClient, sandboxDelete } from './api';
import { readBooks } from './books';
import { Driver, type DriveStats } from './driver';
import { checkInvariants, type Evidence, type ObservedPayment, type Violation } from './invariants';
import { type Plan, planRun } from './plan';

export interface ChaosOptions {
  seed: number;
  operations: number;
  /** Operations in flight at once (default 8). */
  concurrency?: number;
  /** The handlers' log level (default SILENT: the faults make them log a great deal, all of it expected). */
  logLevel?: string;
}

/** How the end of the run went: workflows and notifies still running, reconciliation passes until quiet. */
export interface SettleStats {
  workflowsLeft: number;
  notifiesInFlight: number;
  reconciliationPasses: number;
  /** Whether the last pass changed nothing. */
  quiet: boolean;
}

export interface ChaosReport {
  seed: number;
  plan: Plan;
  operations: number;
  drive: DriveStats;
  /** Faults that actually hit a call or a write, by kind. */
  faultsFired: Record<string, number>;
  answersByStatus: Record<string, number>;
  payments: Record<string, number>;
  refunds: Record<string, number>;
  settle: SettleStats;
  /** Everything the invariants were checked against, for a closer look at a violation. */
  evidence: Evidence;
  violations: Violation[];
  durationMs: number;
}

const tenantKey = 'sk_test_chaos';
const tableName = 'paybridge';
/** Short enough that held answers time out fast, long enough that an ordinary answer on a busy machine does not. */
const providerTimeoutMs = 400;
const pollIntervalS = '1';
const pollTimeoutS = '4';
const settleWaitMs = 30_000;

const environment = (logLevel: string): Record<string, string> => ({
  PORT: '0',
  API_KEYS: `chaos:${tenantKey}`,
  TABLE_NAME: tableName,
  STORE_FAULTS: '1',
  PROVIDER_TIMEOUT_MS: String(providerTimeoutMs),
  POWERTOOLS_LOG_LEVEL: logLevel,
  ...Object.fromEntries(
    ['SHOUQIANBA', 'TCC', 'ZHIXIAO'].flatMap((p) => [
      [`${p}_POLL_INTERVAL_S`, pollIntervalS],
      [`${p}_POLL_TIMEOUT_S`, pollTimeoutS],
    ]),
  ),
});

const count = <T>(items: T[], key: (item: T) => string): Record<string, number> => {
  const out: Record<string, number> = {};
  for (const item of items) out[key(item)] = (out[key(item)] ?? 0) + 1;
  return out;
};

/** Resolves when `check` holds or `ms` passed; answers whether it held. */
const waitUntil = async (check: () => boolean, ms: number): Promise<boolean> => {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) return false;
    await sleep(100);
  }
  return true;
};

/** Faults off, workflows and notifies done, then reconciliation until a pass changes nothing. */
const settle = async (gateway: LocalGateway, api: ApiClient): Promise<SettleStats> => {
  storeFaults.disarm();
  for (const provider of ['shouqianba', 'tcc', 'zhixiao']) {
    await sandboxDelete(gateway.sandboxUrl as string, `/sandbox/${provider}/faults/next`);
  }
  const running = () => [...gateway.stepFunctions.executions.values()].filter((e) => e.status === 'RUNNING').length;
  await waitUntil(() => running() === 0, settleWaitMs);
  const zhixiao = gateway.sandbox?.zhixiao;
  await waitUntil(() => (zhixiao?.deliveriesInFlight ?? 0) === 0, 10_000);
  let passes = 0;
  let quiet = false;
  while (!quiet && passes < 10) {
    passes += 1;
    const report = await api.request('POST', '/v1/reconciliations', { body: {} });
    quiet = report.status === 200 && report.body.changed === 0;
  }
  return {
    workflowsLeft: running(),
    notifiesInFlight: zhixiao?.deliveriesInFlight ?? 0,
    reconciliationPasses: passes,
    quiet,
  };
};

/** Every payment of the tenant with its refunds and events, as the API shows them. */
const snapshot = async (api: ApiClient): Promise<ObservedPayment[]> => {
  const listed: ObservedPayment[] = [];
  let cursor: string | null = null;
  do {
    const page: { body: { data?: ObservedPayment[]; nextCursor?: string | null } } = await api.request(
      'GET',
      `/v1/payments?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      { retries: 2 },
    );
    listed.push(...(page.body.data ?? []));
    cursor = page.body.nextCursor ?? null;
  } while (cursor);
  const out: ObservedPayment[] = [];
  let next = 0;
  const worker = async () => {
    while (next < listed.length) {
      const p = listed[next++] as ObservedPayment;
      const [events, refunds] = await Promise.all([
        api.request<{ data: ObservedPayment['events'] }>('GET', `/v1/payments/${p.id}/events`, { retries: 2 }),
        api.request<{ data: ObservedPayment['refunds'] }>('GET', `/v1/payments/${p.id}/refunds`, { retries: 2 }),
      ]);
      out.push({ ...p, events: events.body.data ?? [], refunds: refunds.body.data ?? [] });
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return out;
};

const firedFaults = (gateway: LocalGateway): Record<string, number> => {
  const sandbox = gateway.sandbox;
  const fired = [
    ...(sandbox?.shouqianba?.forced.fired ?? []),
    ...(sandbox?.tcc?.forced.fired ?? []),
    ...(sandbox?.zhixiao?.forced.fired ?? []),
  ].map((f) => f.kind as string);
  return count([...fired, ...storeFaults.fired.map(() => 'store_throttle')], (k) => k);
};

/**
 * The fault proof: starts the local gateway in this process, drives the seeded plan against it over HTTP with its
 * faults, lets everything settle, and checks the money promises against the sandboxes' own books.
 */
export const runChaos = async (options: ChaosOptions): Promise<ChaosReport> => {
  const started = performance.now();
  const plan = planRun(options.seed, options.operations);
  storeFaults.disarm();
  storeFaults.fired.length = 0;
  const gateway = await startLocal(environment(options.logLevel ?? 'SILENT'));
  try {
    const api = new ApiClient(gateway.apiUrl, tenantKey, 15_000);
    const drive = await new Driver(plan, {
      api,
      sandboxUrl: gateway.sandboxUrl as string,
      dynamoEndpoint: gateway.dynamoEndpoint,
      tableName,
      concurrency: options.concurrency ?? 8,
      holdMs: providerTimeoutMs * 2,
    }).run();
    const settled = await settle(gateway, api);
    const payments = await snapshot(api);
    const orders = gateway.sandbox ? readBooks(gateway.sandbox) : [];
    const webhookAnswers = (gateway.sandbox?.zhixiao?.notifies ?? []).map((n) => ({
      paymentId: n.outTradeNo,
      status: n.httpStatus,
    }));
    const evidence: Evidence = {
      payments,
      orders,
      answers: api.answers,
      webhookAnswers,
      handedOut: Object.keys(drive.paymentIndex),
    };
    const violations = checkInvariants(evidence);
    return {
      seed: options.seed,
      plan,
      operations: plan.operations.length,
      drive,
      faultsFired: firedFaults(gateway),
      answersByStatus: count(api.answers, (a) => (a.status === 0 ? 'no answer' : String(a.status))),
      payments: count(payments, (p) => p.status),
      refunds: count(
        payments.flatMap((p) => p.refunds),
        (r) => r.status,
      ),
      settle: settled,
      evidence,
      violations,
      durationMs: performance.now() - started,
    };
  } finally {
    await gateway.close();
  }
};
