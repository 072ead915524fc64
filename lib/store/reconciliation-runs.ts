import { type DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { newId } from '../domain/ids';

/** What started a reconciliation: the 5-minute schedule or a person (`POST /v1/reconciliations`). */
export type ReconciliationTrigger = 'scheduled' | 'manual';

/** One tenant's share of one reconciliation run, as `GET /v1/reconciliations` answers it. */
export interface ReconciliationRun {
  id: string;
  object: 'reconciliation';
  trigger: ReconciliationTrigger;
  checked: number;
  changed: number;
  /** The first `maxListedIds` payments the run left in `needs_review`; `needsReviewCount` counts them all. */
  needsReview: string[];
  needsReviewCount: number;
  startedAt: string;
  finishedAt: string;
}

export type ReconciliationRunInput = Omit<ReconciliationRun, 'id' | 'object' | 'needsReviewCount'>;

/** Runs are kept this long (DynamoDB's TTL removes them): a month of history for the desk, never the audit trail. */
const retentionSeconds = 30 * 24 * 60 * 60;
/** Keeps each item small whatever the backlog: the ids past these are counted, not listed. */
export const maxListedIds = 100;

const partition = (tenantId: string) => `RECONCILIATIONS#${tenantId}`;

/**
 * The reports of past reconciliation runs, one small item per tenant and run, under the tenant's own partition
 * and sorted by start time, so a tenant reads only its own runs, newest first.
 */
export class ReconciliationRunStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async record(tenantId: string, input: ReconciliationRunInput): Promise<ReconciliationRun> {
    const run: ReconciliationRun = {
      id: newId('rec', Date.parse(input.startedAt)),
      object: 'reconciliation',
      trigger: input.trigger,
      checked: input.checked,
      changed: input.changed,
      needsReview: input.needsReview.slice(0, maxListedIds),
      needsReviewCount: input.needsReview.length,
      startedAt: input.startedAt,
      finishedAt: input.finishedAt,
    };
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          pk: partition(tenantId),
          sk: `${run.startedAt}#${run.id}`,
          ...run,
          ttl: Math.floor(Date.parse(run.startedAt) / 1000) + retentionSeconds,
        },
      }),
    );
    return run;
  }

  /** The tenant's latest runs, newest first. */
  async list(tenantId: string, limit: number): Promise<ReconciliationRun[]> {
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': partition(tenantId) },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return (out.Items ?? []).map(({ pk, sk, ttl, ...run }) => run as ReconciliationRun);
  }
}
