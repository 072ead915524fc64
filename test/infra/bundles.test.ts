import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DecryptCommand, GenerateDataKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import { build, type Plugin } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import {
  buildDynamoDbLayer,
  buildEncryptionLayer,
  dynamoDbLayerEntry,
  dynamoDbSdkExports,
  encryptionLayerEntry,
  functionBuildOptions,
  functionBundleLimitBytes,
  functionModules,
} from '../../infra/bundling';
import { createTable, startDynamo } from '../../local/dynamo';

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

/** A directory for a built layer, under the repository so that what a layer leaves out resolves as the runtime's SDK. */
const layerDir = () => {
  mkdirSync(join(root, 'node_modules/.cache'), { recursive: true });
  const dir = mkdtempSync(join(root, 'node_modules/.cache/paybridge-layer-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
};

/** The encryption layer, built fresh and loaded from where Lambda would find it. */
const loadEncryptionLayer = () => {
  const dir = layerDir();
  buildEncryptionLayer(dir);
  return createRequire(import.meta.url)(join(dir, encryptionLayerEntry)) as typeof import('@aws-crypto/client-node');
};

describe('the encryption layer', () => {
  it('is one bundle that seals and opens a secret under its encryption context, at the path Lambda resolves', async () => {
    const sdk = loadEncryptionLayer();
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

describe('the encryption layer with the KMS keyring', () => {
  const kms = mockClient(KMSClient);
  afterAll(() => kms.restore());

  it("wraps the data key with GenerateDataKey and unwraps it with Decrypt, through the runtime's KMS client", async () => {
    const sdk = loadEncryptionLayer();
    const keyArn = 'arn:aws:kms:ap-east-1:111122223333:key/0b6d4f8e-1c2a-4b3d-9e8f-7a6b5c4d3e2f';
    const dataKey = randomBytes(32);
    // Fresh copies: the SDK zeroes a data key once it is done with it.
    const wrapped = randomBytes(184);
    kms
      .on(GenerateDataKeyCommand)
      .callsFake(() => ({ KeyId: keyArn, Plaintext: Buffer.from(dataKey), CiphertextBlob: Buffer.from(wrapped) }));
    kms.on(DecryptCommand).callsFake(() => ({ KeyId: keyArn, Plaintext: Buffer.from(dataKey) }));
    const keyring = new sdk.KmsKeyringNode({ generatorKeyId: keyArn });
    const { encrypt, decrypt } = sdk.buildClient(sdk.CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT);
    const { result } = await encrypt(keyring, 'app-secret', { encryptionContext: { tenant: 't_1' } });
    const { plaintext } = await decrypt(keyring, result);
    expect(plaintext.toString()).toBe('app-secret');
    expect(kms.commandCalls(GenerateDataKeyCommand)[0]?.args[0].input).toMatchObject({
      KeyId: keyArn,
      EncryptionContext: expect.objectContaining({ tenant: 't_1' }),
    });
    expect(kms.commandCalls(DecryptCommand)).toHaveLength(1);
  });
});

describe('the DynamoDB layer', () => {
  const sources = (dir: string): string[] =>
    readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts'))
      .map((f) => join(root, dir, f));

  it('exports every name any function takes from the DynamoDB SDK, however it is imported or re-exported', async () => {
    // Each function bundled against stand-ins that export only the layer's names: esbuild refuses any other import.
    const layerOnly: Plugin = {
      name: 'dynamodb-layer-only',
      setup(b) {
        b.onResolve({ filter: /^@aws-sdk\/(client|lib)-dynamodb$/ }, (args) => ({
          path: args.path,
          namespace: 'layer',
        }));
        b.onLoad({ filter: /.*/, namespace: 'layer' }, (args) => ({
          contents: dynamoDbSdkExports[args.path as keyof typeof dynamoDbSdkExports]
            .map((name) => `export const ${name} = {};`)
            .join('\n'),
          loader: 'js',
        }));
      },
    };
    const failures: string[] = [];
    for (const module of functionModules) {
      const out = await build({
        ...functionBuildOptions(module),
        entryPoints: [`${root}/${module}.ts`],
        plugins: [layerOnly],
        write: false,
        logLevel: 'silent',
      }).catch((error: { errors?: { text: string }[] }) => ({ failed: error.errors?.map((e) => e.text) ?? [] }));
      if ('failed' in out) failures.push(`${module}: ${out.failed.join('; ')}`);
    }
    expect(failures).toEqual([]);
    // A name taken at run time would pass the bundler; nothing may load the DynamoDB SDK that way.
    const dynamic = [...sources('lib'), ...sources('functions')].filter((file) =>
      /(import|require)\(\s*['"]@aws-sdk\/(client|lib)-dynamodb['"]/.test(readFileSync(file, 'utf8')),
    );
    expect(dynamic).toEqual([]);
  });

  it("serves a function's store from its one bundle: conditional puts, reads, queries, updates and deletes", async () => {
    const dir = layerDir();
    buildDynamoDbLayer(dir);
    // A bundle as the stack builds one, beside the layer's node_modules as /var/task is beside /opt/nodejs in Lambda.
    const outfile = join(dir, 'nodejs/store.cjs');
    await build({
      ...functionBuildOptions('functions/api/get-payment'),
      stdin: {
        contents: [
          "export { createDocumentClient } from './lib/store/table';",
          "export { TenantStore } from './lib/store/tenants';",
          "export { IdempotencyStore } from './lib/store/idempotency-store';",
        ].join('\n'),
        resolveDir: root,
        loader: 'ts',
      },
      outfile,
      logLevel: 'silent',
    });
    const store = createRequire(import.meta.url)(outfile) as typeof import('../../lib/store/table') &
      typeof import('../../lib/store/tenants') &
      typeof import('../../lib/store/idempotency-store');
    expect(Object.keys(createRequire(import.meta.url).cache)).toContain(join(dir, dynamoDbLayerEntry));

    process.env.AWS_ACCESS_KEY_ID ??= 'local';
    process.env.AWS_SECRET_ACCESS_KEY ??= 'local';
    const dynamo = await startDynamo();
    onTestFinished(() => dynamo.close());
    await createTable(dynamo.endpoint, 'layer-test', 'us-east-1');
    const db = store.createDocumentClient({ tableName: 'layer-test', region: 'us-east-1', endpoint: dynamo.endpoint });

    const tenants = new store.TenantStore(db, 'layer-test');
    await tenants.create('t_layer', 'Layer Library');
    await expect(tenants.create('t_layer', 'Again')).rejects.toMatchObject({ code: 'tenant_exists', status: 409 });
    expect(await tenants.get('t_layer')).toMatchObject({ name: 'Layer Library', status: 'active' });
    expect((await tenants.list()).map((t) => t.id)).toEqual(['t_layer']);
    expect(await tenants.disable('t_layer')).toMatchObject({ status: 'disabled' });

    const keys = new store.IdempotencyStore(db, 'layer-test');
    expect(await keys.claim('t_layer', 'k1', 'h1')).toMatchObject({ kind: 'claimed' });
    expect(await keys.claim('t_layer', 'k1', 'h1')).toMatchObject({ kind: 'in_progress' });
    await keys.release('t_layer', 'k1');
    expect(await keys.claim('t_layer', 'k1', 'h1')).toMatchObject({ kind: 'claimed' });
  });
});
