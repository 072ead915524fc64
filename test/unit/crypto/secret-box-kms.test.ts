import { randomBytes } from 'node:crypto';
import { DecryptCommand, DisabledException, GenerateDataKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createSecretBox } from '../../../lib/crypto/secret-box';

// KmsKeyringNode's default clientProvider builds a `KMS` client (a KMSClient subclass) from this same
// @aws-sdk/client-kms and calls generateDataKey/decrypt on it, which go through KMSClient.send: mocking KMSClient
// intercepts every call, and no request leaves the process.
const kms = mockClient(KMSClient);

const keyArn = 'arn:aws:kms:ap-east-1:111122223333:key/0b6d4f8e-1c2a-4b3d-9e8f-7a6b5c4d3e2f';
const context = { purpose: 'provider-account', tenantId: 't1', ref: 'shouqianba#1' };
const dataKey = randomBytes(32);
const wrappedKey = randomBytes(184);

const box = () => createSecretBox({ SECRETS_KMS_KEY_ARN: keyArn });

describe('secret box with SECRETS_KMS_KEY_ARN (KMS envelope encryption)', () => {
  beforeEach(() => {
    kms.reset();
    kms.on(GenerateDataKeyCommand).resolves({ KeyId: keyArn, Plaintext: dataKey, CiphertextBlob: wrappedKey });
    kms.on(DecryptCommand).resolves({ KeyId: keyArn, Plaintext: dataKey });
  });

  it('seals with a 32-byte data key from GenerateDataKey on the configured key, bound to the encryption context', async () => {
    const sealed = await box().seal('terminal-key-0123456789', context);
    expect(Buffer.from(sealed, 'base64').toString('latin1')).not.toContain('terminal-key-0123456789');
    const calls = kms.commandCalls(GenerateDataKeyCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.args[0].input).toMatchObject({
      KeyId: keyArn,
      NumberOfBytes: 32,
      EncryptionContext: expect.objectContaining(context),
    });
    expect(kms.commandCalls(DecryptCommand)).toHaveLength(0);
  });

  it('opens through KMS Decrypt of the wrapped data key, with the same key id and encryption context', async () => {
    const sealed = await box().seal('terminal-key-0123456789', context);
    expect(await box().open(sealed, context)).toBe('terminal-key-0123456789');
    const calls = kms.commandCalls(DecryptCommand);
    expect(calls).toHaveLength(1);
    const input = calls[0]?.args[0].input;
    expect(input).toMatchObject({ KeyId: keyArn, EncryptionContext: expect.objectContaining(context) });
    expect(Buffer.from(input?.CiphertextBlob ?? []).equals(wrappedKey)).toBe(true);
  });

  it('lets a KMS refusal through: no secret is sealed or opened without the key', async () => {
    const refusal = new DisabledException({ message: `${keyArn} is disabled.`, $metadata: {} });
    const sealed = await box().seal('s3cret', context);
    kms.on(GenerateDataKeyCommand).rejects(refusal);
    kms.on(DecryptCommand).rejects(refusal);
    await expect(box().seal('s3cret', context)).rejects.toThrow(/is disabled/);
    await expect(box().open(sealed, context)).rejects.toThrow(/is disabled/);
  });
});
