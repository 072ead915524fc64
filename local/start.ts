import './sdk-node-warning';
import { localPorts, startLocal } from './runtime';

const ports = localPorts(process.env);

/** Ends a failed start: a port another program holds gets one line naming the variable to change, no stack trace. */
const failStart = (error: unknown): never => {
  const { code, port } = error as { code?: unknown; port?: unknown };
  const variable = Object.entries(ports).find(([, p]) => p === port)?.[0];
  if (code === 'EADDRINUSE' && variable) {
    console.error(`paybridge: port ${port} is already in use; set ${variable} to a free port and start again.`);
  } else {
    console.error(error);
  }
  process.exit(1);
};
// The sandbox server reports a taken port as an unheard 'error' event, the API server as a rejected start.
process.on('uncaughtException', failStart);

/** `npm start`: the gateway with embedded store, local workflows and provider sandboxes. */
const gateway = await startLocal({}, { logRequest: (line) => console.log(line) }).catch(failStart);
process.off('uncaughtException', failStart);
const demo = gateway.apiKeys[0];
const lines = [
  'paybridge is running locally',
  `  API              ${gateway.apiUrl}   (OpenAPI: ${gateway.apiUrl}/openapi.json)`,
  `  console          ${gateway.apiUrl}/console   (sign in with the API key below)`,
  gateway.sandboxUrl
    ? `  sandbox page     ${gateway.sandboxUrl}/sandbox`
    : '  sandbox          off (provider base URLs are set)',
  `  DynamoDB         ${gateway.dynamoEndpoint}${process.env.DATA_DIR ? ` (data in ${process.env.DATA_DIR})` : ' (in memory)'}`,
  `  Step Functions   ${gateway.stepFunctions.endpoint}`,
  `  API key          ${demo ? `${demo.key} (tenant ${demo.tenantId}; every scope but admin)` : 'none (API_KEYS is empty)'}`,
  `  admin key        ${gateway.adminKey} (scope admin: /v1/admin/…, npm run tenants)`,
  `  webhook secret   ${process.env.WEBHOOK_SECRET} (each API_KEYS tenant's signing secret for notifyUrl notifications)`,
  '',
  'Create a payment:',
  `  curl -s -X POST ${gateway.apiUrl}/v1/payments \\`,
  `    -H 'Authorization: Bearer ${demo?.key ?? '<key>'}' -H 'Content-Type: application/json' \\`,
  `    -d '{"provider":"shouqianba","scene":"qrcode","wallet":"wechat","amount":1999,"merchantOrderNo":"DEMO-'"$(date +%s%N)"'","subject":"Overdue fine","operator":"desk-1"}'`,
  `  (Zhixiao hosted page: -d '{"provider":"zhixiao","scene":"h5","amount":19800,"merchantOrderNo":"ZX-'"$(date +%s%N)"'","subject":"学费"}', then open action.url)`,
  `  Zhixiao notify webhook: ${process.env.PUBLIC_BASE_URL}/webhooks/zhixiao`,
  '',
  `Then press Pay on ${gateway.sandboxUrl ?? '<sandbox>'}/sandbox and read it: curl -s ${gateway.apiUrl}/v1/payments/<id> -H 'Authorization: Bearer ${demo?.key ?? '<key>'}'`,
];
console.log(lines.join('\n'));

const stop = async () => {
  await gateway.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
