import { DeleteCommand, type DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { SecretBox, SecretContext } from '../crypto/secret-box';
import { newId } from '../domain/ids';
import {
  newWebhookSecret,
  openSecrets,
  readSecretRecord,
  rotateSecretRecord,
  type SecretRecord,
} from './sealed-secrets';
import { isConditionFailure } from './store-errors';

/** A tenant's registered receiver of events (the API shape: never its secret). */
export interface WebhookEndpoint {
  id: `whe_${string}`;
  url: string;
  /** Event types it receives, or `["*"]` for all. */
  events: string[];
  createdAt: string;
  /** It receives the events that happen from this time on (`WEBHOOK_ENDPOINT_ACTIVATION_S` after `createdAt`). */
  activeFrom: string;
}

const endpointKey = (tenantId: string, id: string) => ({ pk: `TENANT#${tenantId}`, sk: `WEBHOOK#${id}` });
const contextOf = (tenantId: string, id: string): SecretContext => ({
  purpose: 'webhook-endpoint',
  tenantId,
  ref: id,
});
const toEndpoint = (item: Record<string, unknown>): WebhookEndpoint => ({
  id: item.id as WebhookEndpoint['id'],
  url: String(item.url),
  events: item.events as string[],
  createdAt: String(item.createdAt),
  activeFrom: String(item.activeFrom ?? item.createdAt),
});

/**
 * Webhook endpoints, one item each under the tenant (`TENANT#<id>` / `WEBHOOK#<endpointId>`), their secrets sealed
 * by the secret box under a context naming the tenant and the endpoint. Every read names the tenant, so another
 * tenant's endpoint id finds nothing.
 */
export class WebhookEndpointStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly box: SecretBox,
    private readonly clock: () => Date = () => new Date(),
    private readonly activationDelayMs = 0,
  ) {}

  /** Registers an endpoint; its secret is returned here and never again. */
  async create(tenantId: string, input: { url: string; events: string[] }) {
    const id = newId('whe') as WebhookEndpoint['id'];
    const now = this.clock();
    const endpoint: WebhookEndpoint = {
      id,
      ...input,
      createdAt: now.toISOString(),
      activeFrom: new Date(now.getTime() + this.activationDelayMs).toISOString(),
    };
    const secret = newWebhookSecret();
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...endpointKey(tenantId, id),
          ...endpoint,
          secret: await this.box.seal(secret, contextOf(tenantId, id)),
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return { endpoint, secret };
  }

  /** The tenant's endpoints, oldest first. */
  async list(tenantId: string): Promise<WebhookEndpoint[]> {
    const items: Record<string, unknown>[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const out = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': `TENANT#${tenantId}`, ':prefix': 'WEBHOOK#' },
          // An endpoint registered a moment ago is seen: whether a tenant has any decides whether events are routed.
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      items.push(...(out.Items ?? []));
      startKey = out.LastEvaluatedKey;
    } while (startKey);
    return items.map(toEndpoint).sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  }

  private record(tenantId: string, id: string): SecretRecord {
    const { db, tableName, box } = this;
    return { db, tableName, box, key: endpointKey(tenantId, id), context: contextOf(tenantId, id) };
  }

  private item(tenantId: string, id: string) {
    return readSecretRecord(this.record(tenantId, id));
  }

  async get(tenantId: string, id: string): Promise<WebhookEndpoint | undefined> {
    const item = await this.item(tenantId, id);
    return item ? toEndpoint(item) : undefined;
  }

  /** Removes the tenant's endpoint; false if it has none by that id. */
  async delete(tenantId: string, id: string): Promise<boolean> {
    try {
      await this.db.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: endpointKey(tenantId, id),
          ConditionExpression: 'attribute_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  /** Gives the endpoint a new secret; the old one keeps signing beside it for a day. Undefined if there is none. */
  async rotate(tenantId: string, id: string): Promise<{ secret: string; previousSecretExpiresAt: string } | undefined> {
    return rotateSecretRecord(this.record(tenantId, id), this.clock);
  }

  /** The endpoint and the secrets that sign for it now (new first); undefined once it is deleted. */
  async withSecrets(
    tenantId: string,
    id: string,
  ): Promise<{ endpoint: WebhookEndpoint; secrets: string[] } | undefined> {
    const item = await this.item(tenantId, id);
    if (!item) return undefined;
    return {
      endpoint: toEndpoint(item),
      secrets: await openSecrets(this.box, contextOf(tenantId, id), item, this.clock()),
    };
  }
}
