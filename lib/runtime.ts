import { Logger } from '@aws-lambda-powertools/logger';
import { type Config, parseConfig } from './config';
import type { ProviderName } from './domain/payment';
import { HttpNotifier, type Notifier } from './notifications/notifier';
import { deliverNotifications } from './payments/deliver-notifications';
import type { PaymentDeps } from './payments/deps';
import { pollPlanFrom } from './poll-plans';
import { loadProviderSecret } from './provider-secret';
import type { PaymentProvider } from './providers/provider';
import { ShouqianbaAdapter } from './providers/shouqianba/adapter';
import { TccAdapter } from './providers/tcc/adapter';
import { ZhixiaoAdapter } from './providers/zhixiao/adapter';
import { ApiKeyStore } from './store/api-keys';
import { IdempotencyStore } from './store/idempotency-store';
import { PaymentsRepository } from './store/payments-repository';
import { createDocumentClient } from './store/table';
import { createSfnClient, SfnPoller } from './workflow/sfn-poller';

export interface Runtime extends PaymentDeps {
  config: Config;
  /** Sends outgoing notifications; undefined without WEBHOOK_SECRET. */
  notifier: Notifier | undefined;
  /** Zhixiao's operations beyond payments (identity, card, invoice, notify credentials), when it is enabled. */
  zhixiao: ZhixiaoAdapter | undefined;
  apiKeys: ApiKeyStore;
  idempotency: IdempotencyStore;
}

const buildProviders = (config: Config): Partial<Record<ProviderName, PaymentProvider>> => {
  const providers: Partial<Record<ProviderName, PaymentProvider>> = {};
  if (config.SHOUQIANBA_BASE_URL && config.SHOUQIANBA_TERMINAL_SN && config.SHOUQIANBA_TERMINAL_KEY) {
    providers.shouqianba = new ShouqianbaAdapter({
      baseUrl: config.SHOUQIANBA_BASE_URL.replace(/\/+$/, ''),
      terminalSn: config.SHOUQIANBA_TERMINAL_SN,
      terminalKey: config.SHOUQIANBA_TERMINAL_KEY,
      timeoutMs: config.PROVIDER_TIMEOUT_MS,
    });
  }
  const zhixiao = zhixiaoOf(config);
  if (zhixiao) providers.zhixiao = zhixiao;
  if (config.TCC_BASE_URL) {
    providers.tcc = new TccAdapter({
      baseUrl: config.TCC_BASE_URL.replace(/\/+$/, ''),
      token: config.TCC_TOKEN,
      timeoutMs: config.PROVIDER_TIMEOUT_MS,
    });
  }
  return providers;
};

const zhixiaoOf = (config: Config): ZhixiaoAdapter | undefined =>
  config.ZHIXIAO_BASE_URL && config.ZHIXIAO_APP_ID && config.ZHIXIAO_APP_SECRET && config.ZHIXIAO_AES_KEY
    ? new ZhixiaoAdapter({
        baseUrl: config.ZHIXIAO_BASE_URL.replace(/\/+$/, ''),
        appId: config.ZHIXIAO_APP_ID,
        appSecret: config.ZHIXIAO_APP_SECRET,
        aesKey: config.ZHIXIAO_AES_KEY,
        notifyUrl: `${config.PUBLIC_BASE_URL.replace(/\/+$/, '')}/webhooks/zhixiao`,
        timeoutMs: config.PROVIDER_TIMEOUT_MS,
      })
    : undefined;

export const buildRuntime = async (env: Record<string, string | undefined>): Promise<Runtime> => {
  const envConfig = parseConfig(env);
  // Provider credentials from Secrets Manager override the environment.
  const config = parseConfig({ ...env, ...(await loadProviderSecret(envConfig)) });
  const db = createDocumentClient({
    tableName: config.TABLE_NAME,
    region: config.AWS_REGION,
    endpoint: config.DYNAMODB_ENDPOINT,
  });
  const clock = () => new Date();
  const providers = buildProviders(config);
  const repo = new PaymentsRepository(db, config.TABLE_NAME, clock);
  const runtime: Runtime = {
    config,
    notifier: config.WEBHOOK_SECRET ? new HttpNotifier(config.WEBHOOK_SECRET) : undefined,
    zhixiao: providers.zhixiao as ZhixiaoAdapter | undefined,
    repo,
    apiKeys: new ApiKeyStore(db, config.TABLE_NAME),
    idempotency: new IdempotencyStore(db, config.TABLE_NAME, clock),
    providers,
    pollPlan: pollPlanFrom(config),
    poller: new SfnPoller(createSfnClient(config.AWS_REGION, config.SFN_ENDPOINT), config.STATE_MACHINE_ARN),
    clock,
    logger: new Logger({ serviceName: 'paybridge' }),
  };
  repo.afterWrite = async (p) => {
    try {
      await deliverNotifications(runtime, p.id);
    } catch (error) {
      runtime.logger.warn('notification delivery failed; the reconciler retries it', {
        paymentId: p.id,
        error: (error as Error).message,
      });
    }
  };
  return runtime;
};

let runtime: Promise<Runtime> | undefined;

/** The handlers' shared runtime, built once per process from the environment. */
export const getRuntime = (): Promise<Runtime> => {
  runtime ??= buildRuntime(process.env);
  return runtime;
};
