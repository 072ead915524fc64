import { DeleteCommand, type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionFailure } from './store-errors';

export interface StoredResponse {
  statusCode: number;
  body: string;
}

export type IdempotencyClaim =
  | { kind: 'claimed' }
  | { kind: 'replay'; requestHash: string; response: StoredResponse }
  | { kind: 'in_progress'; requestHash: string };

/** Idempotency records live 24 h (API.md); DynamoDB's TTL takes seconds since the epoch. */
const retentionSeconds = 24 * 60 * 60;
/** An in-progress record older than this belongs to a request that died: it may be taken over. */
const lockSeconds = 60;

const recordKey = (tenantId: string, key: string) => ({ pk: `IDEMPOTENCY#${tenantId}#${key}`, sk: 'IDEMPOTENCY' });

export class IdempotencyStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** Claims the key for a new request, or says what an earlier request with the same key left. */
  async claim(tenantId: string, key: string, requestHash: string): Promise<IdempotencyClaim> {
    const nowS = Math.floor(this.clock().getTime() / 1000);
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...recordKey(tenantId, key),
            state: 'in_progress',
            requestHash,
            lockedUntil: nowS + lockSeconds,
            ttl: nowS + retentionSeconds,
          },
          ConditionExpression: 'attribute_not_exists(pk) OR #ttl < :now OR (#st = :ip AND lockedUntil < :now)',
          ExpressionAttributeNames: { '#st': 'state', '#ttl': 'ttl' },
          ExpressionAttributeValues: { ':now': nowS, ':ip': 'in_progress' },
        }),
      );
      return { kind: 'claimed' };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
    const out = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: recordKey(tenantId, key), ConsistentRead: true }),
    );
    const item = out.Item;
    if (!item) return this.claim(tenantId, key, requestHash);
    if (item.state === 'completed') {
      return { kind: 'replay', requestHash: item.requestHash, response: item.response as StoredResponse };
    }
    return { kind: 'in_progress', requestHash: item.requestHash };
  }

  async complete(tenantId: string, key: string, requestHash: string, response: StoredResponse): Promise<void> {
    const nowS = Math.floor(this.clock().getTime() / 1000);
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...recordKey(tenantId, key), state: 'completed', requestHash, response, ttl: nowS + retentionSeconds },
      }),
    );
  }

  /** Forgets a claim whose request failed with a server error, so the caller may retry with the same key. */
  async release(tenantId: string, key: string): Promise<void> {
    await this.db.send(new DeleteCommand({ TableName: this.tableName, Key: recordKey(tenantId, key) }));
  }
}
