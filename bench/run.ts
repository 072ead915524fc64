import '../local/sdk-node-warning';
import { fileURLToPath } from 'node:url';
import { startLocal } from '../local/runtime';
import { benchBundles } from './bundles';
import { benchLatency } from './latency';
import { benchLifecycles } from './lifecycle';
import { benchLongTail } from './long-tail';
import { benchNotifications, benchTenantKey } from './notifications';
import { benchReconcile } from './reconcile';

/** `npm run bench`: one JSON line per figure (see DESIGN "Performance"). */
const root = fileURLToPath(new URL('..', import.meta.url)).replace(/\/$/, '');
await benchBundles(root);
const gw = await startLocal({
  PORT: '0',
  API_KEYS: `demo:sk_test_demo,bench:${benchTenantKey}`,
  POWERTOOLS_LOG_LEVEL: 'ERROR',
  SHOUQIANBA_POLL_INTERVAL_S: '1',
  SHOUQIANBA_POLL_TIMEOUT_S: '3',
});
await benchLatency(gw);
await benchLifecycles(gw);
await benchLongTail(gw);
await benchNotifications(gw);
await gw.close();
await benchReconcile();
process.exit(0);
