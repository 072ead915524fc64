import { Logger } from '@aws-lambda-powertools/logger';
import { type Config, parseConfig } from './config';
import { createSecretBox } from './crypto/secret-box';
import { HttpNotifier, type Notifier } from './notifications/notifier';
import { deliverNotifications } from './payments/deliver-notifications';
import type { PaymentDeps } from './payments/deps';
import { pollPlanFrom } from './poll-plans';
import { AccountStore } from './store/accounts';
import { ApiKeyStore } from './store/api-keys';
import { IdempotencyStore } from './store/idempotency-store';
import { PaymentsRepository } from './store/payments-repository';
import { createDocumentClient } from './store/table';
import { TenantStore } from './store/tenants';
import { AccountProviders } from './tenancy/account-providers';
import { createSfnClient, SfnPoller } from './workflow/sfn-poller';

export interface Runtime extends PaymentDeps {
  config: Config;
  /** Sends outgoing notifications; undefined without WEBHOOK_SECRET. */
  notifier: Notifier | undefined;
  tenants: TenantStore;
  /** The tenants' provider accounts (secrets sealed at rest). */
  accounts: AccountStore;
  apiKeys: ApiKeyStore;
  idempotency: IdempotencyStore;
}

export const buildRuntime = async (env: Record<string, string | undefined>): Promise<Runtime> => {
  const config = parseConfig(env);
  const db = createDocumentClient({
    tableName: config.TABLE_NAME,
    region: config.AWS_REGION,
    endpoint: config.DYNAMODB_ENDPOINT,
  });
  const clock = () => new Date();
  const accounts = new AccountStore(db, config.TABLE_NAME, createSecretBox(config), clock);
  const providers = new AccountProviders(accounts, {
    timeoutMs: config.PROVIDER_TIMEOUT_MS,
    zhixiaoNotifyUrl: `${config.PUBLIC_BASE_URL.replace(/\/+$/, '')}/webhooks/zhixiao`,
  });
  const repo = new PaymentsRepository(db, config.TABLE_NAME, clock);
  const runtime: Runtime = {
    config,
    notifier: config.WEBHOOK_SECRET ? new HttpNotifier(config.WEBHOOK_SECRET) : undefined,
    repo,
    tenants: new TenantStore(db, config.TABLE_NAME, clock),
    accounts,
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
