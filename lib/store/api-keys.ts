import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { tableSchema } from './table';

/** Keys are stored only as their SHA-256; the key itself is shown once, when created. */
export const hashKey = (key: string): string => createHash('sha256').update(key, 'utf8').digest('hex');

const keyItemKey = (hash: string) => ({ pk: `APIKEY#${hash}`, sk: 'APIKEY' });

export interface ApiKeyRecord {
  keyId: string;
  tenantId: string;
  prefix: string;
  createdAt: string;
  revokedAt: string | null;
}

export class ApiKeyStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** Stores `key` (or a new random one) for the tenant and returns it with its record. */
  async create(tenantId: string, key = `sk_live_${randomBytes(24).toString('base64url')}`) {
    const hash = hashKey(key);
    const record: ApiKeyRecord = {
      keyId: hash.slice(0, 16),
      tenantId,
      prefix: key.slice(0, 12),
      createdAt: new Date().toISOString(),
      revokedAt: null,
    };
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...keyItemKey(hash),
          ...record,
          hash,
          tenantKey: `TENANT#${tenantId}#KEYS`,
          tenantSort: record.createdAt,
        },
      }),
    );
    return { key, record };
  }

  /** The tenant that owns `key`, if the key exists and is not revoked. */
  async tenantOf(key: string): Promise<string | undefined> {
    const hash = hashKey(key);
    const out = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keyItemKey(hash) }));
    const item = out.Item;
    if (!item || item.revokedAt) return undefined;
    const stored = Buffer.from(String(item.hash), 'hex');
    const given = Buffer.from(hash, 'hex');
    return stored.length === given.length && timingSafeEqual(stored, given) ? String(item.tenantId) : undefined;
  }

  async list(tenantId: string): Promise<ApiKeyRecord[]> {
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: tableSchema.tenantIndex.name,
        KeyConditionExpression: 'tenantKey = :t',
        ExpressionAttributeValues: { ':t': `TENANT#${tenantId}#KEYS` },
      }),
    );
    return (out.Items ?? []).map(({ keyId, tenantId: t, prefix, createdAt, revokedAt }) => ({
      keyId,
      tenantId: t,
      prefix,
      createdAt,
      revokedAt: revokedAt ?? null,
    }));
  }

  /** Revokes the tenant's key whose `keyId` is given; false if there is none. */
  async revoke(tenantId: string, keyId: string): Promise<boolean> {
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: tableSchema.tenantIndex.name,
        KeyConditionExpression: 'tenantKey = :t',
        FilterExpression: 'keyId = :k',
        ExpressionAttributeValues: { ':t': `TENANT#${tenantId}#KEYS`, ':k': keyId },
      }),
    );
    const item = out.Items?.[0];
    if (!item) return false;
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: item.pk, sk: item.sk },
        UpdateExpression: 'SET revokedAt = :now',
        ExpressionAttributeValues: { ':now': new Date().toISOString() },
      }),
    );
    return true;
  }
}
