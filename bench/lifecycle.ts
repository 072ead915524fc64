import type { LocalGateway } from '../local/runtime';
import { costAssumptions, costUsd } from './cost';
import { measure } from './counters';
import { emit, round } from './emit';

const headers = { authorization: 'Bearer sk_test_demo', 'content-type': 'application/json' };

const lifecycles = [
  { name: 'paid at once (barcode 1399)', body: { scene: 'barcode', authCode: '139900001111222233' } },
  { name: 'paid after polling (barcode 1388)', body: { scene: 'barcode', authCode: '138800001111222233' } },
  { name: 'timed out, canceled (qrcode, never paid)', body: { scene: 'qrcode', wallet: 'wechat' } },
] as const;

/**
 * DynamoDB requests, workflow transitions and Lambda invocations for one Shouqianba payment's whole life, counted
 * on the local runtime in a warm function, and the AWS cost they imply at the list prices of bench/prices.ts.
 */
export const benchLifecycles = async (gw: LocalGateway): Promise<void> => {
  let n = 0;
  const create = (body: Record<string, unknown>) =>
    fetch(`${gw.apiUrl}/v1/payments`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        provider: 'shouqianba',
        amount: 1999,
        merchantOrderNo: `LIFE-${process.pid}-${Date.now()}-${n++}`,
        subject: 'bench',
        operator: 'bench',
        ...body,
      }),
    });
  // Counted warm: the key, the tenant's status and its account version (each kept 30 s) are fresh, as they are for
  // all but one create in 30 s of a busy function, whatever ran before this in the bench.
  await create(lifecycles[0].body);
  for (const lifecycle of lifecycles) {
    const counts = await measure(gw, async () => {
      await create(lifecycle.body);
      await gw.stepFunctions.idle();
    });
    const shared = { ...counts, httpRequests: 1 };
    emit('lifecycle', {
      lifecycle: lifecycle.name,
      ...counts,
      workflowSeconds: round(counts.workflowSeconds, 1),
      costUsdPerMillion: round(
        costUsd({ ...shared, expressExecutions: counts.workflowExecutions, expressSeconds: counts.workflowSeconds }) *
          1e6,
        2,
      ),
      costAsStandardWorkflowUsdPerMillion: round(
        costUsd({ ...shared, standardTransitions: counts.workflowTransitions }) * 1e6,
        2,
      ),
      assumptions: costAssumptions,
    });
  }
};
