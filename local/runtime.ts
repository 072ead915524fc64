import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import type { SQSBatchResponse } from 'aws-lambda';
import { pollerTasks, renderPollerDefinition } from '../infra/workflows/payment-poller';
import { getRuntime } from '../lib/runtime';
import type { AccountFields } from '../lib/tenancy/account-fields';
import { type RunningSandbox, startSandbox } from '../sandbox/server';
import { startApiServer } from './api-server';
import { createTable, startDynamo } from './dynamo';
import { loadHandler, localContext } from './lambda-context';
import { paymentLookup } from './payment-lookup';
import { localSecretsKeyFile } from './secrets-key';
import { seedTenants } from './seed-tenants';
import { type LocalQueue, startLocalQueue } from './sqs';
import { type LocalStepFunctions, startStepFunctions } from './step-functions';

const root = fileURLToPath(new URL('..', import.meta.url)).replace(/\/$/, '');
const region = 'us-east-1';
const lambdaArn = (name: string) => `arn:aws:lambda:${region}:000000000000:function:${name}`;

export interface LocalGateway {
  apiUrl: string;
  sandboxUrl: string | undefined;
  sandbox: RunningSandbox | undefined;
  dynamoEndpoint: string;
  dynamoServer: Server;
  stepFunctions: LocalStepFunctions;
  /** The notification delivery queue and its consumer. */
  deliveryQueue: LocalQueue;
  apiKeys: { tenantId: string; key: string }[];
  /** The local key with the `admin` scope (`ADMIN_API_KEY`, random when unset). */
  adminKey: string;
  close(): Promise<void>;
}

/** Sandbox credentials used when none are configured (API.md: "sandbox; test values"). */
export const sandboxDefaults = {
  SHOUQIANBA_TERMINAL_SN: '100000330010000001',
  SHOUQIANBA_TERMINAL_KEY: 'sandbox-terminal-key-0123456789ab',
  /** Zhixiao's published test credentials (its doc, "测试数据"). */
  ZHIXIAO_APP_ID: 'partner1',
  ZHIXIAO_APP_SECRET: 'weiweixiao',
  ZHIXIAO_AES_KEY: 'AD42F6697B035B7580E4FEF93BE20B4D',
} as const;

const parseApiKeys = (text: string) =>
  text
    .split(',')
    .map((pair) => pair.trim())
    .filter(Boolean)
    .map((pair) => {
      const at = pair.indexOf(':');
      if (at < 1) throw new Error(`API_KEYS entry ${JSON.stringify(pair)} is not tenant:key`);
      return { tenantId: pair.slice(0, at), key: pair.slice(at + 1) };
    });

/** The ports `npm start` listens on, by the variable that sets each; 0 lets the system pick a free one. */
export const localPorts = (env: Record<string, string | undefined>): { PORT: number; SANDBOX_PORT: number } => {
  const api = Number(env.PORT ?? 3000);
  return { PORT: api, SANDBOX_PORT: Number(env.SANDBOX_PORT ?? (api === 0 ? 0 : api + 1)) };
};

/**
 * Starts the whole gateway on this machine: dynalite, the local Step Functions endpoint running the poller ASL,
 * the provider sandboxes not pointed elsewhere, and the route table served over HTTP. It configures the handlers
 * through the same environment variables a Lambda gets, so nothing in `functions/` or `lib/` knows it runs here.
 */
export const startLocal = async (
  overrides: Record<string, string> = {},
  options: { logRequest?: (line: string) => void } = {},
): Promise<LocalGateway> => {
  Object.assign(process.env, overrides);
  const env = process.env;
  const { PORT: port, SANDBOX_PORT: sandboxPort } = localPorts(env);
  const tableName = env.TABLE_NAME ?? 'paybridge';
  Object.assign(process.env, {
    AWS_REGION: region,
    AWS_ACCESS_KEY_ID: process.env.AWS_ACCESS_KEY_ID ?? 'local',
    AWS_SECRET_ACCESS_KEY: process.env.AWS_SECRET_ACCESS_KEY ?? 'local',
    TABLE_NAME: tableName,
    POWERTOOLS_LOG_LEVEL: env.POWERTOOLS_LOG_LEVEL ?? 'WARN',
    // Powertools Metrics would print an EMF line per metric to the console; nothing here reads them.
    POWERTOOLS_METRICS_DISABLED: env.POWERTOOLS_METRICS_DISABLED ?? 'true',
  });

  env.WEBHOOK_SECRET ??= `whsec_${randomBytes(24).toString('base64url')}`;
  env.ADMIN_API_KEY ??= `sk_admin_${randomBytes(24).toString('base64url')}`;
  env.SECRETS_KEY_FILE ??= localSecretsKeyFile(env.DATA_DIR);
  // A local run delivers to receivers on this machine over plain http.
  env.WEBHOOK_ALLOW_HTTP ??= 'true';
  env.WEBHOOK_ALLOW_LOOPBACK ??= 'true';
  // Every route runs in this process, which forgets what it saw of a tenant's endpoints when one is registered.
  env.WEBHOOK_ENDPOINT_ACTIVATION_S ??= '0';
  const dynamo = await startDynamo(env.DATA_DIR);
  await createTable(dynamo.endpoint, tableName, region);
  process.env.DYNAMODB_ENDPOINT = dynamo.endpoint;

  const shouqianbaTerminal = {
    terminalSn: env.SHOUQIANBA_TERMINAL_SN ?? sandboxDefaults.SHOUQIANBA_TERMINAL_SN,
    terminalKey: env.SHOUQIANBA_TERMINAL_KEY ?? sandboxDefaults.SHOUQIANBA_TERMINAL_KEY,
  };
  const zhixiaoCredentials = {
    appId: env.ZHIXIAO_APP_ID ?? sandboxDefaults.ZHIXIAO_APP_ID,
    appSecret: env.ZHIXIAO_APP_SECRET ?? sandboxDefaults.ZHIXIAO_APP_SECRET,
    aesKey: env.ZHIXIAO_AES_KEY ?? sandboxDefaults.ZHIXIAO_AES_KEY,
  };
  const sandboxed = {
    shouqianba: env.SHOUQIANBA_BASE_URL ? undefined : shouqianbaTerminal,
    tcc: env.TCC_BASE_URL ? undefined : { token: env.TCC_TOKEN },
    zhixiao: env.ZHIXIAO_BASE_URL ? undefined : zhixiaoCredentials,
  };
  // The runtime is built last, from the environment set up here; until then the sandbox page knows no payments.
  let lookup: ReturnType<typeof paymentLookup> | undefined;
  const sandbox =
    sandboxed.shouqianba || sandboxed.tcc || sandboxed.zhixiao
      ? await startSandbox({
          port: sandboxPort,
          ...sandboxed,
          lookup: async (ref) => lookup?.(ref),
        })
      : undefined;
  const accounts: AccountFields = {
    shouqianba: { baseUrl: env.SHOUQIANBA_BASE_URL ?? (sandbox?.url as string), ...shouqianbaTerminal },
    zhixiao: { baseUrl: env.ZHIXIAO_BASE_URL ?? (sandbox?.url as string), ...zhixiaoCredentials },
    tcc: { baseUrl: env.TCC_BASE_URL ?? (sandbox?.url as string), ...(env.TCC_TOKEN ? { token: env.TCC_TOKEN } : {}) },
  };

  const stateMachineArn = `arn:aws:states:${region}:000000000000:stateMachine:payment-poller`;
  const tasks = Object.fromEntries(
    Object.entries(pollerTasks).map(([task, module]) => [
      lambdaArn(task),
      async (input: unknown) => (await loadHandler(root, module))(input, localContext(task)),
    ]),
  );
  const stepFunctions = await startStepFunctions({
    definition: renderPollerDefinition(lambdaArn),
    stateMachineArn,
    tasks,
  });
  Object.assign(process.env, { SFN_ENDPOINT: stepFunctions.endpoint, STATE_MACHINE_ARN: stateMachineArn });

  const deliveryQueue = await startLocalQueue({
    queueName: 'paybridge-deliveries.fifo',
    consume: async (event) =>
      (await loadHandler(root, 'functions/queue/deliver-notifications'))(
        event,
        localContext('DeliverNotifications'),
      ) as Promise<SQSBatchResponse>,
  });
  Object.assign(process.env, { SQS_ENDPOINT: deliveryQueue.endpoint, DELIVERY_QUEUE_URL: deliveryQueue.queueUrl });

  const api = await startApiServer(root, port, { log: options.logRequest });
  process.env.PUBLIC_BASE_URL = env.PUBLIC_BASE_URL ?? api.url;

  const apiKeys = parseApiKeys(env.API_KEYS ?? 'demo:sk_test_demo');
  const runtime = await getRuntime();
  await seedTenants(runtime, {
    apiKeys,
    accounts,
    adminKey: env.ADMIN_API_KEY,
    webhookSecret: env.WEBHOOK_SECRET,
  });
  lookup = paymentLookup(runtime.repo, runtime.tenants);

  return {
    apiUrl: api.url,
    sandboxUrl: sandbox?.url,
    sandbox,
    dynamoEndpoint: dynamo.endpoint,
    dynamoServer: dynamo.server,
    stepFunctions,
    deliveryQueue,
    apiKeys,
    adminKey: env.ADMIN_API_KEY,
    close: async () => {
      await api.close();
      await deliveryQueue.close();
      await stepFunctions.close();
      await sandbox?.close();
      await dynamo.close();
    },
  };
};
