import { type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { masked, type SecretBox } from '../crypto/secret-box';
import type { ProviderName } from '../domain/payment';
import { type AccountFields, secretFields } from '../tenancy/account-fields';
import { isConditionFailure } from './store-errors';

/** One version of a tenant's account at a provider, secrets opened. Versions never change once written. */
export interface Account<P extends ProviderName = ProviderName> {
  tenantId: string;
  provider: P;
  version: number;
  updatedAt: string;
  fields: AccountFields[P];
}

/** The admin API's view of an account: secrets as their last four characters only. */
export type MaskedAccount = { provider: ProviderName; version: number; updatedAt: string } & Record<string, unknown>;

const pad = (version: number) => String(version).padStart(6, '0');
const accountKey = (tenantId: string, provider: ProviderName, version: number) => ({
  pk: `TENANT#${tenantId}`,
  sk: `ACCOUNT#${provider}#${pad(version)}`,
});
const context = (tenantId: string, provider: ProviderName, version: number) => ({
  purpose: 'provider-account',
  tenantId,
  account: `${provider}#${version}`,
});

/** How long the current version of an account is taken from memory: a rotation takes effect within this. */
export const currentAccountCacheMs = 30_000;

const split = (provider: ProviderName, fields: Record<string, unknown>) => {
  const secretNames: readonly string[] = secretFields[provider];
  const open = Object.fromEntries(Object.entries(fields).filter(([k]) => !secretNames.includes(k)));
  const secrets = Object.fromEntries(Object.entries(fields).filter(([k]) => secretNames.includes(k)));
  return { open, secrets };
};

/**
 * Provider accounts per tenant, versioned: setting an account writes a new version, and a payment keeps using the
 * version it was created with. Secret fields are sealed with the secret box; the rest is stored as is. A Zhixiao
 * account is also listed under its app id, so an incoming notify can be matched to the accounts that may have sent it.
 */
export class AccountStore {
  private readonly versions = new Map<string, Promise<Account>>();
  private readonly currents = new Map<string, { at: number; version: Promise<number | undefined> }>();

  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly box: SecretBox,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** Writes `fields` as the next version, unless they equal the current version (then that one is kept). */
  async put<P extends ProviderName>(tenantId: string, provider: P, fields: AccountFields[P]): Promise<Account<P>> {
    const latest = await this.latestVersion(tenantId, provider);
    if (latest) {
      const current = (await this.get(tenantId, provider, latest)) as Account<P>;
      if (JSON.stringify(current.fields) === JSON.stringify(fields)) return current;
    }
    const version = (latest ?? 0) + 1;
    const updatedAt = this.clock().toISOString();
    const { open, secrets } = split(provider, fields as Record<string, unknown>);
    const sealed = await this.box.seal(JSON.stringify(secrets), context(tenantId, provider, version));
    const last4 = Object.fromEntries(Object.entries(secrets).map(([k, v]) => [k, masked(String(v))]));
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...accountKey(tenantId, provider, version),
            tenantId,
            provider,
            version,
            updatedAt,
            open,
            sealed,
            last4,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) throw new Error(`account ${provider} of ${tenantId} was set concurrently`);
      throw error;
    }
    if (provider === 'zhixiao') {
      const appId = (fields as AccountFields['zhixiao']).appId;
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: `ZHIXIAO_APP#${appId}`, sk: `${tenantId}#${pad(version)}`, tenantId, version },
        }),
      );
    }
    this.currents.delete(`${tenantId}#${provider}`);
    return { tenantId, provider, version, updatedAt, fields };
  }

  /** One version, secrets opened; versions are immutable, so each is read and opened once per process. */
  get<P extends ProviderName>(tenantId: string, provider: P, version: number): Promise<Account<P> | undefined> {
    const key = `${tenantId}#${provider}#${version}`;
    let found = this.versions.get(key);
    if (!found) {
      found = this.load(tenantId, provider, version);
      this.versions.set(key, found);
      found.catch(() => this.versions.delete(key));
    }
    return found.then((a) => a as Account<P> | undefined) as Promise<Account<P> | undefined>;
  }

  private async load(tenantId: string, provider: ProviderName, version: number): Promise<Account> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: accountKey(tenantId, provider, version) }),
    );
    const item = out.Item;
    if (!item) throw new Error(`no ${provider} account version ${version} for tenant ${tenantId}`);
    const secrets = JSON.parse(await this.box.open(String(item.sealed), context(tenantId, provider, version)));
    return {
      tenantId,
      provider,
      version,
      updatedAt: String(item.updatedAt),
      fields: { ...(item.open as object), ...secrets } as AccountFields[ProviderName],
    };
  }

  /** The version new payments use, if the tenant has an account at this provider (cached briefly). */
  async currentVersion(tenantId: string, provider: ProviderName): Promise<number | undefined> {
    const key = `${tenantId}#${provider}`;
    const cached = this.currents.get(key);
    const now = this.clock().getTime();
    if (cached && now - cached.at < currentAccountCacheMs) return cached.version;
    const version = this.latestVersion(tenantId, provider);
    this.currents.set(key, { at: now, version });
    version.catch(() => this.currents.delete(key));
    return version;
  }

  private async latestVersion(tenantId: string, provider: ProviderName): Promise<number | undefined> {
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': `TENANT#${tenantId}`, ':prefix': `ACCOUNT#${provider}#` },
        ScanIndexForward: false,
        Limit: 1,
        ConsistentRead: true,
      }),
    );
    const item = out.Items?.[0];
    return item ? Number(item.version) : undefined;
  }

  /** The tenant's current accounts as the admin API shows them. */
  async maskedCurrent(tenantId: string): Promise<MaskedAccount[]> {
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': `TENANT#${tenantId}`, ':prefix': 'ACCOUNT#' },
        ConsistentRead: true,
      }),
    );
    const latest = new Map<string, Record<string, unknown>>();
    for (const item of out.Items ?? []) latest.set(String(item.provider), item);
    return [...latest.values()].map(maskedOf);
  }

  /** The accounts registered with this Zhixiao app id, any tenant, any version. */
  async zhixiaoAccountsOf(appId: string): Promise<{ tenantId: string; version: number }[]> {
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `ZHIXIAO_APP#${appId}` },
      }),
    );
    return (out.Items ?? []).map((i) => ({ tenantId: String(i.tenantId), version: Number(i.version) }));
  }
}

export const maskedOf = (item: Record<string, unknown>): MaskedAccount => ({
  provider: item.provider as ProviderName,
  version: Number(item.version),
  updatedAt: String(item.updatedAt),
  ...(item.open as object),
  ...(item.last4 as object),
});
