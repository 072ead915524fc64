import type { IncomingMessage } from 'node:http';
import { invocations } from '../local/lambda-context';
import type { LocalGateway } from '../local/runtime';
import { emit, round } from './emit';
import { prices } from './prices';

const headers = { authorization: 'Bearer sk_test_demo', 'content-type': 'application/json' };
const lambdaMemoryGb = 256 / 1024;
const expressMemoryGb = 64 / 1024;

const lifecycles = [
  { name: 'paid at once (barcode 1399)', body: { scene: 'barcode', authCode: '139900001111222233' } },
  { name: 'paid after polling (barcode 1388)', body: { scene: 'barcode', authCode: '138800001111222233' } },
  { name: 'timed out, canceled (qrcode, never paid)', body: { scene: 'qrcode', wallet: 'wechat' } },
] as const;

/**
 * DynamoDB requests, workflow transitions and Lambda invocations for one payment's whole life, counted on the
 * local runtime, and the AWS cost they imply at the list prices of bench/prices.ts.
 */
export const benchLifecycles = async (gw: LocalGateway): Promise<void> => {
  const dynamo: Record<string, number> = {};
  gw.dynamoServer.on('request', (req: IncomingMessage) => {
    const op = String(req.headers['x-amz-target'] ?? '').split('.')[1] ?? 'unknown';
    dynamo[op] = (dynamo[op] ?? 0) + 1;
  });
  for (const lifecycle of lifecycles) {
    for (const k of Object.keys(dynamo)) delete dynamo[k];
    invocations.length = 0;
    const executionsBefore = new Set(gw.stepFunctions.executions.keys());
    const res = await fetch(`${gw.apiUrl}/v1/payments`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        provider: 'shouqianba',
        amount: 1999,
        merchantOrderNo: `LIFE-${process.pid}-${Date.now()}`,
        subject: 'bench',
        operator: 'bench',
        ...lifecycle.body,
      }),
    });
    const payment = (await res.json()) as { id: string };
    await gw.stepFunctions.idle();
    const status = gw.sandbox?.shouqianba?.book.orders.get(payment.id)?.orderStatus;
    const executions = [...gw.stepFunctions.executions.values()].filter((e) => !executionsBefore.has(e.executionArn));
    const transitions = executions.reduce((n, e) => n + e.transitions, 0);
    const expressSeconds = executions.reduce(
      (s, e) => s + Math.ceil(((e.stopDate ?? e.startDate) - e.startDate) * 10) / 10,
      0,
    );
    const writes = (dynamo.PutItem ?? 0) + (dynamo.UpdateItem ?? 0) + (dynamo.DeleteItem ?? 0);
    const reads = (dynamo.GetItem ?? 0) + (dynamo.Query ?? 0);
    const lambdaGbS = invocations.reduce((s, i) => s + Math.ceil(i.ms) / 1000, 0) * lambdaMemoryGb;
    const costUsd =
      writes * prices.dynamoWriteRequestUnit * 3 +
      reads * prices.dynamoReadRequestUnit +
      invocations.length * prices.lambdaRequest +
      lambdaGbS * prices.lambdaArmGbSecond +
      prices.httpApiRequest +
      executions.length * prices.expressRequest +
      expressSeconds * expressMemoryGb * prices.expressGbSecond;
    emit('lifecycle', {
      lifecycle: lifecycle.name,
      providerOrderStatus: status,
      dynamodb: { ...dynamo, reads, writes },
      workflowExecutions: executions.length,
      workflowTransitions: transitions,
      workflowSeconds: round(expressSeconds, 1),
      lambdaInvocations: invocations.length,
      lambdaGbSeconds: round(lambdaGbS, 4),
      costUsdPerMillion: round(costUsd * 1e6, 2),
      costAsStandardWorkflowUsdPerMillion: round(
        (costUsd -
          executions.length * prices.expressRequest -
          expressSeconds * expressMemoryGb * prices.expressGbSecond +
          transitions * prices.standardTransition) *
          1e6,
        2,
      ),
      assumptions: `writes as 3 WRU (payment item ≤ 3 KB), reads as 1 RRU, Lambda 256 MB arm64 billed on local wall time, Express 64 MB; ${prices.asOf}`,
    });
  }
};
