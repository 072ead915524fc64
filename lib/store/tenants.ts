import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { GatewayError, NotFoundError } from '../domain/errors';
import { keyCacheMs } from './api-keys';
import { isConditionFailure } from './store-errors';
import { tableSchema } from './table';

export const tenantStatuses = ['active', 'disabled'] as const;

/** A tenant (a library, school or shop) as the admin API shows it. */
export interface Tenant {
  id: string;
  name: string;
  status: (typeof tenantStatuses)[number];
  createdAt: string;
  disabledAt: string | null;
}

const tenantKey = (id: string) => ({ pk: `TENANT#${id}`, sk: 'TENANT' });

export class TenantExistsError extends GatewayError {
  constructor(id: string) {
    super('tenant_exists', 409, `Tenant ${id} already exists.`);
  }
}

const fromItem = (item: Record<string, unknown>): Tenant => ({
  id: String(item.id),
  name: String(item.name),
  status: item.status === 'disabled' ? 'disabled' : 'active',
  createdAt: String(item.createdAt),
  disabledAt: (item.disabledAt as string | undefined) ?? null,
});

/** Tenants in the one table; a disabled tenant keeps its data and its keys stop working. */
export class TenantStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async create(id: string, name: string): Promise<Tenant> {
    const tenant: Tenant = { id, name, status: 'active', createdAt: this.clock().toISOString(), disabledAt: null };
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...tenantKey(id), ...tenant, tenantKey: 'TENANTS', tenantSort: `${tenant.createdAt}#${id}` },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) throw new TenantExistsError(id);
      throw error;
    }
    this.active.delete(id);
    return tenant;
  }

  private readonly active = new Map<string, { at: number; active: Promise<boolean> }>();

  /** Whether the tenant exists and is not disabled; remembered for `keyCacheMs`, like the keys themselves. */
  isActive(id: string): Promise<boolean> {
    const now = this.clock().getTime();
    const cached = this.active.get(id);
    if (cached && now - cached.at < keyCacheMs) return cached.active;
    const active = this.get(id).then((t) => t?.status === 'active');
    this.active.set(id, { at: now, active });
    active.catch(() => this.active.delete(id));
    return active;
  }

  async get(id: string): Promise<Tenant | undefined> {
    const out = await this.db.send(new GetCommand({ TableName: this.tableName, Key: tenantKey(id) }));
    return out.Item ? fromItem(out.Item) : undefined;
  }

  async require(id: string): Promise<Tenant> {
    const tenant = await this.get(id);
    if (!tenant) throw new NotFoundError('tenant');
    return tenant;
  }

  async list(): Promise<Tenant[]> {
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: tableSchema.tenantIndex.name,
        KeyConditionExpression: 'tenantKey = :t',
        ExpressionAttributeValues: { ':t': 'TENANTS' },
      }),
    );
    return (out.Items ?? []).map(fromItem);
  }

  async disable(id: string): Promise<Tenant> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: tenantKey(id),
          UpdateExpression: 'SET #s = :d, disabledAt = if_not_exists(disabledAt, :now)',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':d': 'disabled', ':now': this.clock().toISOString() },
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) throw new NotFoundError('tenant');
      throw error;
    }
    this.active.delete(id);
    return this.require(id);
  }
}
