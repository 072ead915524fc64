import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { type Scope, tenantScopes } from '../tenancy/scopes';
import { tableSchema } from './table';

/** Keys are stored only as their SHA-256; the key itself is shown once, when created. */
export const hashKey = (key: string): string => createHash('sha256').update(key, 'utf8').digest('hex');

const keyItemKey = (hash: string) => ({ pk: `APIKEY#${hash}`, sk: 'APIKEY' });

export interface ApiKeyRecord {
  keyId: string;
  tenantId: string;
  prefix: string;
  scopes: Scope[];
  createdAt: string;
  revokedAt: string | null;
}

/** Who a key is: its tenant and what it may do. */
export interface KeyIdentity {
  keyId: string;
  tenantId: string;
  scopes: Scope[];
}

/**
 * How long a warm function keeps what it learned of a key (and of the key's tenant): a revoked key or a disabled
 * tenant stops working within this.
 */
export const keyCacheMs = 30_000;

/** Keys stored before scopes existed may do everything a tenant's key may. */
const scopesOf = (item: Record<string, unknown>): Scope[] =>
  Array.isArray(item.scopes) ? (item.scopes as Scope[]) : [...tenantScopes];

export class ApiKeyStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  private readonly cache = new Map<string, { at: number; identity: Promise<KeyIdentity | undefined> }>();

  /** Stores `key` (or a new random one) for the tenant with its scopes and returns it with its record. */
  async create(
    tenantId: string,
    {
      key = `sk_live_${randomBytes(24).toString('base64url')}`,
      scopes = [...tenantScopes],
    }: { key?: string; scopes?: Scope[] } = {},
  ) {
    const hash = hashKey(key);
    const record: ApiKeyRecord = {
      keyId: hash.slice(0, 16),
      tenantId,
      prefix: key.slice(0, 12),
      scopes,
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

  /** Who `key` is, if it exists and is not revoked; remembered for `keyCacheMs`. */
  identify(key: string, now = Date.now()): Promise<KeyIdentity | undefined> {
    const hash = hashKey(key);
    const cached = this.cache.get(hash);
    if (cached && now - cached.at < keyCacheMs) return cached.identity;
    const identity = this.lookup(hash);
    this.cache.set(hash, { at: now, identity });
    identity.catch(() => this.cache.delete(hash));
    return identity;
  }

  private async lookup(hash: string): Promise<KeyIdentity | undefined> {
    const out = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keyItemKey(hash) }));
    const item = out.Item;
    if (!item || item.revokedAt) return undefined;
    const stored = Buffer.from(String(item.hash), 'hex');
    const given = Buffer.from(hash, 'hex');
    if (stored.length !== given.length || !timingSafeEqual(stored, given)) return undefined;
    return { keyId: String(item.keyId), tenantId: String(item.tenantId), scopes: scopesOf(item) };
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
    return (out.Items ?? []).map((item) => ({
      keyId: item.keyId,
      tenantId: item.tenantId,
      prefix: item.prefix,
      scopes: scopesOf(item),
      createdAt: item.createdAt,
      revokedAt: item.revokedAt ?? null,
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
    this.cache.delete(String(item.pk).slice('APIKEY#'.length));
    return true;
  }
}
