import { readFileSync } from 'node:fs';
import type { KeyringNode } from '@aws-crypto/client-node';
import { lazy } from '../lazy';

/** What a sealed secret is bound to: opening it under another context fails. */
export type SecretContext = Record<string, string>;

/**
 * Envelope encryption of secrets at rest (provider keys, webhook secrets): each value gets its own data key,
 * wrapped by the keyring — a customer-managed KMS key in AWS, a raw AES-256 key from a local key file for
 * `npm start`. The encryption context (tenant, purpose, record) is authenticated, so a sealed value copied onto
 * another record does not open.
 */
export interface SecretBox {
  seal(plaintext: string, context: SecretContext): Promise<string>;
  open(sealed: string, context: SecretContext): Promise<string>;
}

/**
 * The encryption SDK, loaded when the first secret is sealed or opened: a function that never touches one never
 * loads it. In AWS it comes from the functions' shared layer, not from each bundle (see `infra/bundling.ts`).
 */
const sdk = lazy(() => import('@aws-crypto/client-node'));
const client = lazy(async () => {
  const { buildClient, CommitmentPolicy } = await sdk();
  return buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT);
});

/** Builds the keyring on first use (with the SDK). */
export type KeyringSource = () => Promise<KeyringNode>;

export const keyringSecretBox = (keyring: KeyringSource): SecretBox => ({
  async seal(plaintext, context) {
    const { encrypt } = await client();
    const { result } = await encrypt(await keyring(), plaintext, { encryptionContext: context });
    return result.toString('base64');
  },
  async open(sealed, context) {
    const { decrypt } = await client();
    const { plaintext, messageHeader } = await decrypt(await keyring(), Buffer.from(sealed, 'base64'));
    for (const [k, v] of Object.entries(context)) {
      if (messageHeader.encryptionContext[k] !== v) throw new Error('the sealed secret belongs to another record');
    }
    return plaintext.toString('utf8');
  },
});

/** A raw AES-256 keyring from 32 key bytes (the local key file). */
export const rawAesKeyring = (key: Uint8Array): KeyringSource =>
  lazy(async () => {
    const { RawAesKeyringNode, RawAesWrappingSuiteIdentifier } = await sdk();
    return new RawAesKeyringNode({
      keyNamespace: 'paybridge',
      keyName: 'local-secrets-key',
      unencryptedMasterKey: key,
      wrappingSuite: RawAesWrappingSuiteIdentifier.AES256_GCM_IV12_TAG16_NO_PADDING,
    });
  });

/** A KMS keyring whose data keys the customer-managed key generates and wraps. */
const kmsKeyring = (generatorKeyId: string): KeyringSource =>
  lazy(async () => new (await sdk()).KmsKeyringNode({ generatorKeyId }));

/** The secret box the configuration names: a KMS key ARN in AWS, else a local key file (64 hex characters). */
export const createSecretBox = (config: {
  SECRETS_KMS_KEY_ARN?: string | undefined;
  SECRETS_KEY_FILE?: string | undefined;
}) => {
  if (config.SECRETS_KMS_KEY_ARN) {
    return keyringSecretBox(kmsKeyring(config.SECRETS_KMS_KEY_ARN));
  }
  if (config.SECRETS_KEY_FILE) {
    const hex = readFileSync(config.SECRETS_KEY_FILE, 'utf8').trim();
    if (!/^[0-9a-f]{64}$/i.test(hex)) throw new Error('SECRETS_KEY_FILE must hold 64 hex characters (32 bytes)');
    // The keyring wants key bytes in a buffer of their own, not a slice of Node's shared pool.
    return keyringSecretBox(rawAesKeyring(new Uint8Array(Buffer.from(hex, 'hex'))));
  }
  throw new Error('Secrets need a key: set SECRETS_KMS_KEY_ARN (AWS) or SECRETS_KEY_FILE (local).');
};

/** The last four characters, the only part of a secret the API ever shows again. */
export const masked = (secret: string): string => `…${secret.slice(-4)}`;
