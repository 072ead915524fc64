import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { withStoreFaults } from './fault-injection';

/**
 * The one table's shape, shared by the CDK stack and the local runtime so the two cannot drift.
 * Items: `PAYMENT#<id>` (payment with its refunds and events), `CLAIM#<tenant>#<merchantOrderNo>`,
 * `APIKEY#<sha256>`, `IDEMPOTENCY#<tenant>#<key>`, `RECONCILIATIONS#<tenant>` (one item per run, sorted by start).
 */
export const tableSchema = {
  partitionKey: 'pk',
  sortKey: 'sk',
  timeToLiveAttribute: 'ttl',
  openIndex: { name: 'open', partitionKey: 'openShard', sortKey: 'nextCheckAt' },
  tenantIndex: { name: 'tenant', partitionKey: 'tenantKey', sortKey: 'tenantSort' },
} as const;

/** Open payments are spread over this many index partitions (`OPEN#0` … `OPEN#15`). */
export const openShards = 16;

export interface TableConfig {
  tableName: string;
  endpoint?: string | undefined;
  region: string;
}

export const createDocumentClient = (config: TableConfig): DynamoDBDocumentClient =>
  DynamoDBDocumentClient.from(
    withStoreFaults(
      new DynamoDBClient({ region: config.region, ...(config.endpoint ? { endpoint: config.endpoint } : {}) }),
    ),
    { marshallOptions: { removeUndefinedValues: true } },
  );
