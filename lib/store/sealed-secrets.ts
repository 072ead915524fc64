import { randomBytes } from 'node:crypto';
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { SecretBox, SecretContext } from '../crypto/secret-box';
import { isConditionFailure } from './store-errors';

/** How long a rotated-out secret keeps signing beside its successor. */
export const rotationOverlapMs = 24 * 60 * 60 * 1000;

/** A new webhook signing secret: `whsec_` and 32 random bytes. */
export const newWebhookSecret = (): string => `whsec_${randomBytes(32).toString('base64url')}`;

/** The secret attributes of a stored record: sealed current secret, and the sealed previous one while it overlaps. */
export interface SealedSecrets {
  secret: string;
  previousSecret?: string | null;
  previousSecretExpiresAt?: string | null;
}

/**
 * The secrets that sign now, current first: the previous one only until its overlap ends. Both were sealed for
 * this record (rotation moves the sealed current value to `previousSecret` without opening it).
 */
export const openSecrets = async (
  box: SecretBox,
  context: SecretContext,
  item: SealedSecrets,
  now: Date,
): Promise<string[]> => {
  const current = await box.open(item.secret, context);
  const overlapping =
    item.previousSecret && item.previousSecretExpiresAt && Date.parse(item.previousSecretExpiresAt) > now.getTime();
  return overlapping ? [current, await box.open(item.previousSecret as string, context)] : [current];
};

/** Where a sealed secret is stored and how it is sealed. */
export interface SecretRecord {
  db: DynamoDBDocumentClient;
  tableName: string;
  key: { pk: string; sk: string };
  box: SecretBox;
  context: SecretContext;
}

/** The stored record with its sealed secrets, read consistently; undefined if there is none. */
export const readSecretRecord = async (r: SecretRecord) => {
  const out = await r.db.send(new GetCommand({ TableName: r.tableName, Key: r.key, ConsistentRead: true }));
  return out.Item as (Record<string, unknown> & SealedSecrets) | undefined;
};

/**
 * Gives the stored record a new secret, the old one overlapping for a day; undefined if there is no record. Two
 * rotations at once: the write is conditional on the secret read, so one wins and the other rotates again from it.
 */
export const rotateSecretRecord = async (
  r: SecretRecord,
  now: () => Date,
): Promise<{ secret: string; previousSecretExpiresAt: string } | undefined> => {
  for (;;) {
    const item = await readSecretRecord(r);
    if (!item) return undefined;
    const secret = newWebhookSecret();
    const previousSecretExpiresAt = new Date(now().getTime() + rotationOverlapMs).toISOString();
    try {
      await r.db.send(
        new PutCommand({
          TableName: r.tableName,
          Item: {
            ...item,
            secret: await r.box.seal(secret, r.context),
            previousSecret: item.secret,
            previousSecretExpiresAt,
          },
          ConditionExpression: 'secret = :seen',
          ExpressionAttributeValues: { ':seen': item.secret },
        }),
      );
      return { secret, previousSecretExpiresAt };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }
};
