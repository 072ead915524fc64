import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { SecretBox } from '../crypto/secret-box';
import {
  newWebhookSecret,
  openSecrets,
  readSecretRecord,
  rotateSecretRecord,
  type SecretRecord,
} from './sealed-secrets';
import { isConditionFailure } from './store-errors';

/**
 * Each tenant's own signing secret (`TENANT#<id>` / `SIGNING`, sealed): it signs what goes to a payment's
 * `notifyUrl`, so a receiver that checks signatures accepts only its own tenant's events.
 */
export class SigningSecretStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly box: SecretBox,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  private record(tenantId: string): SecretRecord {
    const { db, tableName, box } = this;
    const key = { pk: `TENANT#${tenantId}`, sk: 'SIGNING' };
    return { db, tableName, box, key, context: { purpose: 'webhook-signing', tenantId, ref: 'SIGNING' } };
  }

  private async put(tenantId: string, secret: string, condition?: string): Promise<void> {
    const r = this.record(tenantId);
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...r.key, tenantId, secret: await this.box.seal(secret, r.context) },
        ...(condition ? { ConditionExpression: condition } : {}),
      }),
    );
  }

  /** Sets the tenant's signing secret outright, with no overlap (e.g. the configured secret of a local tenant). */
  async setSigningSecret(tenantId: string, secret: string): Promise<void> {
    await this.put(tenantId, secret);
  }

  /** A new signing secret for the tenant (its first, or one replacing the old, which keeps signing for a day). */
  async rotate(tenantId: string): Promise<{ secret: string; previousSecretExpiresAt: string | null }> {
    for (;;) {
      const rotatedSecret = await rotateSecretRecord(this.record(tenantId), this.clock);
      if (rotatedSecret) return rotatedSecret;
      const secret = newWebhookSecret();
      try {
        await this.put(tenantId, secret, 'attribute_not_exists(pk)');
        return { secret, previousSecretExpiresAt: null };
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
    }
  }

  /** The secrets that sign the tenant's `notifyUrl` notifications now, new first; none if it has no secret yet. */
  async secrets(tenantId: string): Promise<string[]> {
    const r = this.record(tenantId);
    const item = await readSecretRecord(r);
    return item ? openSecrets(this.box, r.context, item, this.clock()) : [];
  }
}
