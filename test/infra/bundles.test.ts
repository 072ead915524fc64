import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import {
  buildEncryptionLayer,
  encryptionLayerEntry,
  functionBuildOptions,
  functionBundleLimitBytes,
  functionModules,
} from '../../infra/bundling';

const root = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');

describe('the function bundles', () => {
  const bundles = () =>
    Promise.all(
      functionModules.map(async (module) => {
        const out = await build({
          ...functionBuildOptions(module),
          entryPoints: [`${root}/${module}.ts`],
          write: false,
          metafile: true,
          logLevel: 'silent',
        });
        const [file] = out.outputFiles;
        return {
          module,
          bytes: file?.contents.length ?? 0,
          text: file?.text ?? '',
          inputs: Object.keys(out.metafile.inputs),
        };
      }),
    );
  let built: Awaited<ReturnType<typeof bundles>>;
  beforeAll(async () => {
    built = await bundles();
  });

  it(`keeps every function at most ${functionBundleLimitBytes / 1024} KB minified, as the stack bundles it`, () => {
    expect(built.length).toBeGreaterThan(30);
    expect(built.filter((b) => b.bytes > functionBundleLimitBytes).map((b) => [b.module, b.bytes])).toEqual([]);
  });

  it('loads what it loads on first use with require, which finds the runtime SDK and the layer on NODE_PATH', () => {
    const commonJs = built.filter((b) => functionBuildOptions(b.module).format === 'cjs');
    expect(commonJs.length).toBe(built.length - 1);
    expect(commonJs.filter((b) => /\bimport\(/.test(b.text)).map((b) => b.module)).toEqual([]);
    const createPayment = built.find((b) => b.module === 'functions/api/create-payment')?.text ?? '';
    expect(createPayment).toContain('require("@aws-crypto/client-node")');
    expect(createPayment).toContain('require("@aws-sdk/client-sfn")');
  });

  it('leaves the encryption SDK to the layer, and the route table, OpenAPI generator and sandboxes out of every route but openapi', () => {
    const opensSecrets = built.find((b) => b.module === 'functions/api/create-payment');
    expect(opensSecrets?.inputs.some((f) => f.includes('lib/crypto/secret-box'))).toBe(true);
    const stray = (module: string, file: string) =>
      file.includes('node_modules/@aws-crypto/') ||
      file.startsWith('sandbox/') ||
      (module !== 'functions/api/openapi' && /^lib\/http\/(routes|openapi)\.ts$/.test(file));
    const strays = built.flatMap(({ module, inputs }) =>
      inputs.filter((f) => stray(module, f)).map((f) => `${module}: ${f}`),
    );
    expect(strays).toEqual([]);
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
