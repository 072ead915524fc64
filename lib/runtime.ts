import { Logger } from '@aws-lambda-powertools/logger';
import { type Config, parseConfig } from './config';
import { createSecretBox } from './crypto/secret-box';
import { type DeliveryQueue, jobOf, lazySqsClient, SqsDeliveryQueue } from './notifications/delivery-queue';
import { EndpointPresence } from './notifications/endpoint-presence';
import { HttpNotifier } from './notifications/http-notifier';
import { deliveryPolicyOf } from './notifications/url-policy';
import type { DeliveryDeps } from './payments/deliver-notifications';
import { recordWriteMetrics } from './payments/write-metrics';
import { pollPlanFrom } from './poll-plans';
import { AccountStore } from './store/accounts';
import { ApiKeyStore } from './store/api-keys';
import { IdempotencyStore } from './store/idempotency-store';
import { PaymentsRepository } from './store/payments-repository';
import { ReconciliationRunStore } from './store/reconciliation-runs';
import { SigningSecretStore } from './store/signing-secrets';
import { createDocumentClient } from './store/table';
import { TenantStore } from './store/tenants';
import { WebhookEndpointStore } from './store/webhook-endpoints';
import { AccountProviders } from './tenancy/account-providers';
import { lazySfnClient, SfnPoller } from './workflow/sfn-poller';

export interface Runtime extends DeliveryDeps {
  config: Config;
  endpoints: WebhookEndpointStore;
  /** Whether tenants have webhook endpoints, as this process last saw (decides the hand-off of fan-outs). */
  endpointPresence: EndpointPresence;
  signingSecrets: SigningSecretStore;
  /** Where outgoing notifications are handed over; undefined without DELIVERY_QUEUE_URL. */
  deliveryQueue: DeliveryQueue | undefined;
  tenants: TenantStore;
  /** The tenants' provider accounts (secrets sealed at rest). */
  accounts: AccountStore;
  apiKeys: ApiKeyStore;
  idempotency: IdempotencyStore;
  /** Past reconciliation reports per tenant (`GET /v1/reconciliations`). */
  reconciliationRuns: ReconciliationRunStore;
}

export const buildRuntime = async (env: Record<string, string | undefined>): Promise<Runtime> => {
  const config = parseConfig(env);
  const db = createDocumentClient({
    tableName: config.TABLE_NAME,
    region: config.AWS_REGION,
    endpoint: config.DYNAMODB_ENDPOINT,
  });
  const clock = () => new Date();
  const secretBox = createSecretBox(config);
  const accounts = new AccountStore(db, config.TABLE_NAME, secretBox, clock);
  const providers = new AccountProviders(accounts, {
    timeoutMs: config.PROVIDER_TIMEOUT_MS,
    zhixiaoNotifyUrl: `${config.PUBLIC_BASE_URL.replace(/\/+$/, '')}/webhooks/zhixiao`,
  });
  const repo = new PaymentsRepository(db, config.TABLE_NAME, clock);
  const endpoints = new WebhookEndpointStore(
    db,
    config.TABLE_NAME,
    secretBox,
    clock,
    config.WEBHOOK_ENDPOINT_ACTIVATION_S * 1000,
  );
  const endpointPresence = new EndpointPresence((tenantId) => endpoints.list(tenantId));
  const runtime: Runtime = {
    config,
    notifier: new HttpNotifier({ policy: deliveryPolicyOf(config) }),
    endpoints,
    endpointPresence,
    signingSecrets: new SigningSecretStore(db, config.TABLE_NAME, secretBox, clock),
    deliveryQueue: config.DELIVERY_QUEUE_URL
      ? new SqsDeliveryQueue(lazySqsClient(config.AWS_REGION, config.SQS_ENDPOINT), config.DELIVERY_QUEUE_URL)
      : undefined,
    repo,
    tenants: new TenantStore(db, config.TABLE_NAME, clock),
    accounts,
    apiKeys: new ApiKeyStore(db, config.TABLE_NAME),
    idempotency: new IdempotencyStore(db, config.TABLE_NAME, clock),
    reconciliationRuns: new ReconciliationRunStore(db, config.TABLE_NAME),
    providers,
    pollPlan: pollPlanFrom(config),
    poller: new SfnPoller(lazySfnClient(config.AWS_REGION, config.SFN_ENDPOINT), config.STATE_MACHINE_ARN),
    clock,
    logger: new Logger({ serviceName: 'paybridge' }),
  };
  repo.observeWrite = recordWriteMetrics;
  repo.hasEndpoints = (tenantId) => endpointPresence.has(tenantId);
  // The write only hands its new deliveries over; a hand-off that fails is picked up by the reconciler.
  repo.afterWrite = async (p, added) => {
    try {
      await runtime.deliveryQueue?.enqueue(added.map((e) => jobOf(p, e)));
    } catch (error) {
      runtime.logger.warn('notifications could not be queued; the reconciler queues them again', {
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
