import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it, onTestFinished } from 'vitest';
import {
  buildEncryptionLayer,
  encryptionLayerEntry,
  functionBuildOptions,
  functionBundleLimitBytes,
  functionModules,
} from '../../infra/bundling';

const root = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');

describe('the function bundles', () => {
  it(`keeps every function at most ${functionBundleLimitBytes / 1024} KB minified, as the stack bundles it`, async () => {
    const sizes = await Promise.all(
      functionModules.map(async (module) => {
        const out = await build({
          ...functionBuildOptions(module),
          entryPoints: [`${root}/${module}.ts`],
          write: false,
          logLevel: 'silent',
        });
        return { module, bytes: out.outputFiles[0]?.contents.length ?? 0 };
      }),
    );
    expect(sizes.length).toBeGreaterThan(30);
    expect(sizes.filter((s) => s.bytes > functionBundleLimitBytes)).toEqual([]);
  });

  it('leaves the encryption SDK out of every bundle: the layer carries it', async () => {
    const out = await build({
      ...functionBuildOptions('functions/api/create-payment'),
      entryPoints: [`${root}/functions/api/create-payment.ts`],
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    const inputs = Object.keys(out.metafile.inputs);
    expect(inputs.some((f) => f.includes('lib/crypto/secret-box'))).toBe(true);
    expect(inputs.filter((f) => f.includes('node_modules/@aws-crypto/'))).toEqual([]);
  });
});

describe('the encryption layer', () => {
  it('is one bundle that seals and opens a secret under its encryption context, at the path Lambda resolves', async () => {
    // Under the repository, so that the bundle finds the KMS client as it finds the runtime's SDK in Lambda.
    mkdirSync(join(root, 'node_modules/.cache'), { recursive: true });
    const dir = mkdtempSync(join(root, 'node_modules/.cache/paybridge-layer-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    buildEncryptionLayer(dir);
    const sdk = createRequire(import.meta.url)(
      join(dir, encryptionLayerEntry),
    ) as typeof import('@aws-crypto/client-node');
    const keyring = new sdk.RawAesKeyringNode({
      keyNamespace: 'paybridge',
      keyName: 'test',
      unencryptedMasterKey: new Uint8Array(randomBytes(32)),
      wrappingSuite: sdk.RawAesWrappingSuiteIdentifier.AES256_GCM_IV12_TAG16_NO_PADDING,
    });
    const { encrypt, decrypt } = sdk.buildClient(sdk.CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT);
    const { result } = await encrypt(keyring, 'terminal-key', { encryptionContext: { tenant: 't_1' } });
    const { plaintext, messageHeader } = await decrypt(keyring, result);
    expect(plaintext.toString()).toBe('terminal-key');
    expect(messageHeader.encryptionContext).toMatchObject({ tenant: 't_1' });
  });
});
