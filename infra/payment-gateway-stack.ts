import { fileURLToPath } from 'node:url';
import { AssetHashType, CfnOutput, DockerImage, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { type CfnStage, HttpApi, HttpMethod, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { AttributeType, Billing, ProjectionType, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Architecture, Code, LayerVersion, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, type NodejsFunctionProps, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { DefinitionBody, LogLevel, StateMachine, StateMachineType } from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { routes } from '../lib/http/routes';
import { serviceName } from '../lib/metrics-names';
import { tableSchema } from '../lib/store/table';
import { buildDynamoDbLayer, buildEncryptionLayer, externalModules, functionEsbuildArgs } from './bundling';
import { consoleBundling, consoleHandler } from './console-bundling';
import { AlarmTopic } from './constructs/alarm-topic';
import { NotificationDelivery } from './constructs/notification-delivery';
import { OperationsMonitoring } from './constructs/operations-monitoring';
import { ReconcileSchedule } from './constructs/reconcile-schedule';
import { acknowledgeFindings } from './nag-acknowledgements';
import { pollerDefinitionFile, pollerTasks } from './workflows/payment-poller';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Routes that answer without the runtime: no table, no secret. */
const staticRoutes = new Set(['functions/api/health', 'functions/api/openapi', consoleHandler]);
/** Routes that only read the table. */
const readOnly = new Set([
  'functions/api/get-capabilities',
  'functions/api/list-events',
  'functions/api/list-refunds',
  'functions/api/get-daily-report',
  'functions/api/get-zhixiao-user',
  'functions/api/get-zhixiao-card',
  'functions/admin/list-tenants',
  'functions/admin/get-tenant',
  'functions/api/list-deliveries',
  'functions/api/list-webhook-endpoints',
  'functions/api/list-reconciliations',
]);
/** Webhook endpoint routes: they change no payment, so they hand nothing to the delivery queue. */
const endpointRoutes = new Set([
  'functions/api/create-webhook-endpoint',
  'functions/api/list-webhook-endpoints',
  'functions/api/delete-webhook-endpoint',
  'functions/api/rotate-webhook-endpoint-secret',
]);
/** Routes that start the status workflow. */
const startsWorkflow = new Set(['functions/api/create-payment', 'functions/api/repay-payment']);
/** Handlers that store a new secret (and so seal with the KMS key); every other one only opens. */
const sealsSecrets = new Set([
  'functions/admin/put-account',
  'functions/admin/create-tenant',
  'functions/admin/rotate-signing-secret',
  'functions/api/create-webhook-endpoint',
  'functions/api/rotate-webhook-endpoint-secret',
]);
/** The stage's default throttle, for every route without its own. */
export const apiThrottle = { rateLimit: 200, burstLimit: 400 } as const;
/**
 * Zhixiao's notify route is public (it verifies a signature, not an API key): its own, lower throttle keeps a
 * flood of forged notifies from using up the Lambda concurrency and account request rate the tenants' routes share.
 */
export const webhookThrottle = { routeKey: 'POST /webhooks/zhixiao', rateLimit: 50, burstLimit: 100 } as const;

const pascal = (module: string) =>
  (module.split('/').pop() as string).replace(/(^|-)(\w)/g, (_m, _d, c: string) => c.toUpperCase());

/** paybridge in AWS: HTTP API → one Lambda per route → DynamoDB; the poller state machine; the reconcile schedule. */
export class PaymentGatewayStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    const { partitionKey, sortKey, openIndex, tenantIndex, timeToLiveAttribute } = tableSchema;
    const table = new TableV2(this, 'Payments', {
      partitionKey: { name: partitionKey, type: AttributeType.STRING },
      sortKey: { name: sortKey, type: AttributeType.STRING },
      billing: Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute,
      removalPolicy: RemovalPolicy.RETAIN,
      deletionProtection: true,
      globalSecondaryIndexes: [openIndex, tenantIndex].map((i) => ({
        indexName: i.name,
        partitionKey: { name: i.partitionKey, type: AttributeType.STRING },
        sortKey: { name: i.sortKey, type: AttributeType.STRING },
        projectionType: ProjectionType.ALL,
      })),
    });

    // Seals the tenants' secrets (provider account keys, webhook secrets) by envelope encryption; rotated yearly by KMS.
    const secretsKey = new Key(this, 'SecretsKey', {
      description: "paybridge: seals tenants' provider credentials and webhook secrets",
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const api = new HttpApi(this, 'Api', {
      description: 'paybridge payment gateway',
      createDefaultStage: false,
    });
    const accessLogs = new LogGroup(this, 'ApiAccessLogs', { retention: RetentionDays.THREE_MONTHS });
    const stage = api.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      accessLogSettings: { destination: new LogGroupLogDestination(accessLogs) },
      throttle: apiThrottle,
    });
    const cfnStage = stage.node.defaultChild as CfnStage;
    cfnStage.routeSettings = {
      [webhookThrottle.routeKey]: {
        ThrottlingRateLimit: webhookThrottle.rateLimit,
        ThrottlingBurstLimit: webhookThrottle.burstLimit,
      },
    };

    const baseEnv = {
      TABLE_NAME: table.tableName,
      SECRETS_KMS_KEY_ARN: secretsKey.keyArn,
      PUBLIC_BASE_URL: api.apiEndpoint,
      NODE_OPTIONS: '--enable-source-maps',
      POWERTOOLS_SERVICE_NAME: serviceName,
    };
    /** A layer built here with esbuild (`bundling.ts`); the image is only named because CDK asks for one. */
    const bundledLayer = (id: string, description: string, source: string, build: (outDir: string) => void) =>
      new LayerVersion(this, id, {
        description,
        compatibleRuntimes: [Runtime.NODEJS_22_X],
        compatibleArchitectures: [Architecture.ARM_64],
        code: Code.fromAsset(`${root}node_modules/${source}`, {
          assetHashType: AssetHashType.OUTPUT,
          bundling: {
            image: DockerImage.fromRegistry('public.ecr.aws/sam/build-nodejs22.x'),
            local: {
              tryBundle: (outputDir) => {
                build(outputDir);
                return true;
              },
            },
          },
        }),
      });
    // Each once for every function that builds the runtime, not inside each bundle (see bundling.ts).
    const sharedLayers = [
      bundledLayer(
        'EncryptionSdk',
        'The AWS Encryption SDK (@aws-crypto/client-node) as one bundle',
        '@aws-crypto/client-node',
        buildEncryptionLayer,
      ),
      bundledLayer(
        'DynamoDbSdk',
        'The DynamoDB client and document client of the AWS SDK, as one bundle',
        '@aws-sdk/lib-dynamodb',
        buildDynamoDbLayer,
      ),
    ];
    const functions: NodejsFunction[] = [];
    /** API handlers answer within API Gateway's 29 s; the reconciler gets longer for a large backlog. */
    const fn = (name: string, module: string, env: Record<string, string> = {}, extra: NodejsFunctionProps = {}) => {
      const f = new NodejsFunction(this, name, {
        entry: `${root}${module}.ts`,
        handler: 'handler',
        runtime: Runtime.NODEJS_22_X,
        architecture: Architecture.ARM_64,
        memorySize: 256,
        timeout: Duration.seconds(29),
        ...extra,
        tracing: Tracing.ACTIVE,
        environment: { ...baseEnv, ...env },
        logGroup: new LogGroup(this, `${name}Logs`, { retention: RetentionDays.THREE_MONTHS }),
        bundling: {
          minify: true,
          sourceMap: true,
          format: OutputFormat.CJS,
          target: 'node22',
          externalModules,
          esbuildArgs: functionEsbuildArgs,
          ...extra.bundling,
        },
        // Every function that builds the runtime reads the table and may open a sealed secret; the static routes never do.
        layers: staticRoutes.has(module) ? [] : sharedLayers,
        depsLockFilePath: `${root}package-lock.json`,
        projectRoot: root,
      });
      functions.push(f);
      return f;
    };

    const deliverer = fn(
      'DeliverNotifications',
      'functions/queue/deliver-notifications',
      {},
      // A batch's deliveries run at once, each at most 5 s, then one write each.
      { timeout: Duration.seconds(30) },
    );
    const delivery = new NotificationDelivery(this, 'NotificationDelivery', { consumer: deliverer });
    table.grantReadWriteData(deliverer);
    secretsKey.grantDecrypt(deliverer);
    /** Every function that writes payments hands their new notifications to the queue. */
    const writesPayments = (f: NodejsFunction) => {
      f.addEnvironment('DELIVERY_QUEUE_URL', delivery.queue.queueUrl);
      delivery.queue.grantSendMessages(f);
    };
    // The consumer too: fanning an event out to the tenant's endpoints queues one delivery per endpoint.
    writesPayments(deliverer);

    const tasks = Object.fromEntries(
      Object.entries(pollerTasks).map(([key, module]) => {
        const f = fn(pascal(module), module);
        table.grantReadWriteData(f);
        secretsKey.grantDecrypt(f);
        writesPayments(f);
        return [key, f];
      }),
    );
    const poller = new StateMachine(this, 'PaymentPoller', {
      stateMachineType: StateMachineType.EXPRESS,
      definitionBody: DefinitionBody.fromFile(pollerDefinitionFile),
      definitionSubstitutions: Object.fromEntries(Object.entries(tasks).map(([k, f]) => [k, f.functionArn])),
      tracingEnabled: true,
      logs: {
        destination: new LogGroup(this, 'PollerLogs', { retention: RetentionDays.THREE_MONTHS }),
        level: LogLevel.ALL,
        includeExecutionData: false,
      },
    });
    for (const f of Object.values(tasks)) f.grantInvoke(poller);

    /** One function and one integration per handler module; routes sharing a module (the console's) share them. */
    const integrations = new Map<string, HttpLambdaIntegration>();
    const integrationOf = (handler: string): HttpLambdaIntegration => {
      const known = integrations.get(handler);
      if (known) return known;
      const starts = startsWorkflow.has(handler);
      const f = fn(
        pascal(handler),
        handler,
        starts ? { STATE_MACHINE_ARN: poller.stateMachineArn } : {},
        handler === consoleHandler ? { bundling: consoleBundling } : {},
      );
      if (!staticRoutes.has(handler)) {
        // Every handler that builds the runtime may open tenants' sealed secrets; only those that store one may seal.
        if (sealsSecrets.has(handler)) secretsKey.grant(f, 'kms:GenerateDataKey', 'kms:Decrypt');
        else secretsKey.grantDecrypt(f);
        if (readOnly.has(handler)) table.grantReadData(f);
        else table.grantReadWriteData(f);
        if (!readOnly.has(handler) && !endpointRoutes.has(handler)) writesPayments(f);
      }
      if (starts) poller.grantStartExecution(f);
      const integration = new HttpLambdaIntegration(`${pascal(handler)}Integration`, f);
      integrations.set(handler, integration);
      return integration;
    };
    for (const route of routes) {
      const [added] = api.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration: integrationOf(route.handler),
      });
      // API Gateway rejects route settings for a route key that does not exist yet.
      if (added && `${route.method} ${route.path}` === webhookThrottle.routeKey) cfnStage.node.addDependency(added);
    }

    const reconciler = fn(
      'Reconcile',
      'functions/scheduled/reconcile',
      {},
      {
        timeout: Duration.minutes(4),
        // One run at a time: two overlapping runs (a delayed or retried tick) would ask the providers about the same
        // open payments twice, cancel twice and send the same due notifications twice.
        reservedConcurrentExecutions: 1,
      },
    );
    table.grantReadWriteData(reconciler);
    secretsKey.grantDecrypt(reconciler);
    writesPayments(reconciler);
    const schedule = new ReconcileSchedule(this, 'ReconcileSchedule', { reconciler, every: Duration.minutes(5) });

    const { topic } = new AlarmTopic(this, 'Alarms');
    const monitoring = new OperationsMonitoring(this, 'Monitoring', {
      topic,
      poller,
      functions,
      reconciler,
      deadLetterQueue: schedule.deadLetterQueue,
      deliveryDeadLetterQueue: delivery.deadLetterQueue,
    });

    acknowledgeFindings(this, { table, pollerTasks: Object.values(tasks) });
    new CfnOutput(this, 'ApiUrl', { value: api.apiEndpoint });
    new CfnOutput(this, 'TableName', { value: table.tableName });
    new CfnOutput(this, 'SecretsKeyArn', { value: secretsKey.keyArn });
    new CfnOutput(this, 'AlarmTopicArn', { value: topic.topicArn });
    new CfnOutput(this, 'DashboardName', { value: monitoring.dashboard.dashboardName });
  }
}
