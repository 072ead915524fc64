import { withMetrics } from '../../lib/metrics';
import { reconcile } from '../../lib/payments/reconcile';
import { getRuntime } from '../../lib/runtime';

/** EventBridge schedule: reconcile every open payment that is due. */
export const handler = withMetrics(async () => {
  const rt = await getRuntime();
  const report = await reconcile(rt);
  rt.logger.info('reconciliation', { ...report });
  return report;
});
