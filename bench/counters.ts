import type { IncomingMessage } from 'node:http';
import { invocations } from '../local/lambda-context';
import type { LocalGateway } from '../local/runtime';

export interface Counts {
  dynamo: Record<string, number>;
  reads: number;
  writes: number;
  lambdaInvocations: number;
  /** Local wall time of the invocations, as Lambda would bill it (ms, rounded up per invocation). */
  lambdaMs: number;
  workflowExecutions: number;
  workflowTransitions: number;
  workflowSeconds: number;
  /** Wall time of the whole action. */
  wallMs: number;
}

/** A running count of the requests the local DynamoDB receives, by operation (`PutItem`, `Query`, …). */
export interface StoreRequests {
  /** The counts since the last `take` (or since counting began), and a fresh start. */
  take(): Record<string, number>;
  stop(): void;
}

/** Starts counting the store round trips of everything running on the local runtime. */
export const countStoreRequests = (gw: LocalGateway): StoreRequests => {
  let counts: Record<string, number> = {};
  const count = (req: IncomingMessage) => {
    const op = String(req.headers['x-amz-target'] ?? '').split('.')[1] ?? 'unknown';
    counts[op] = (counts[op] ?? 0) + 1;
  };
  gw.dynamoServer.on('request', count);
  return {
    take: () => {
      const taken = counts;
      counts = {};
      return taken;
    },
    stop: () => gw.dynamoServer.off('request', count),
  };
};

/** Counts what `action` costs on the local runtime: DynamoDB requests, Lambda invocations, workflow work. */
export const measure = async (gw: LocalGateway, action: () => Promise<void>): Promise<Counts> => {
  const store = countStoreRequests(gw);
  invocations.length = 0;
  const before = new Set(gw.stepFunctions.executions.keys());
  const started = performance.now();
  let dynamo: Record<string, number>;
  try {
    await action();
  } finally {
    dynamo = store.take();
    store.stop();
  }
  const wallMs = Math.ceil(performance.now() - started);
  const executions = [...gw.stepFunctions.executions.values()].filter((e) => !before.has(e.executionArn));
  return {
    dynamo,
    reads: (dynamo.GetItem ?? 0) + (dynamo.Query ?? 0),
    writes: (dynamo.PutItem ?? 0) + (dynamo.UpdateItem ?? 0) + (dynamo.DeleteItem ?? 0),
    lambdaInvocations: invocations.length,
    lambdaMs: invocations.reduce((s, i) => s + Math.ceil(i.ms), 0),
    workflowExecutions: executions.length,
    workflowTransitions: executions.reduce((n, e) => n + e.transitions, 0),
    workflowSeconds: executions.reduce(
      (s, e) => s + Math.ceil(((e.stopDate ?? e.startDate) - e.startDate) * 10) / 10,
      0,
    ),
    wallMs,
  };
};
