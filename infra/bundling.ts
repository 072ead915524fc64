import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BuildOptions, buildSync } from 'esbuild';
import { routes } from '../lib/http/routes';
import { consoleHandler } from './console-bundling';
import { pollerTasks } from './workflows/payment-poller';

/**
 * What no function bundle carries: the AWS SDK (the DynamoDB client from the layer below, the other clients from the
 * Lambda runtime) and the AWS Encryption SDK, which the functions that open sealed secrets load from its layer when
 * they first need it.
 */
export const externalModules = ['@aws-sdk/*', '@aws-crypto/client-node'];

/** A function bundle over this many bytes fails the infra test (the goal is 250 KB; the margin is for growth). */
export const functionBundleLimitBytes = 300 * 1024;

/** Every function of the stack by its handler module: the API's (routes sharing a module share it), the workflow's, the schedule's and the queue's. */
export const functionModules: readonly string[] = [
  ...new Set([
    ...routes.map((r) => r.handler),
    ...Object.values(pollerTasks),
    'functions/scheduled/reconcile',
    'functions/queue/deliver-notifications',
  ]),
];

/**
 * What is loaded on first use (`await import(…)`) becomes `require(…)` in a CommonJS bundle: Lambda finds the
 * runtime's AWS SDK and the layer's modules on `NODE_PATH`, which only `require` reads. As `NodejsFunction` takes it.
 */
export const functionEsbuildArgs = { '--supported:dynamic-import': 'false' };

/** esbuild options of a function bundle, as `NodejsFunction` builds it (the console's is an ES module). */
export const functionBuildOptions = (module: string): BuildOptions => {
  const common: BuildOptions = {
    bundle: true,
    platform: 'node',
    target: 'node22',
    minify: true,
    external: externalModules,
  };
  return module === consoleHandler
    ? { ...common, format: 'esm' }
    : { ...common, format: 'cjs', supported: { 'dynamic-import': false } };
};

/** Where the layer's bundle sits: Lambda puts `/opt/nodejs/node_modules` on the CommonJS module path. */
export const encryptionLayerEntry = 'nodejs/node_modules/@aws-crypto/client-node/index.js';

/**
 * Builds the encryption layer into `outDir`: `@aws-crypto/client-node` with its dependencies as one minified
 * CommonJS file, built from their ES modules where they ship them (smaller), the KMS client left to the runtime's SDK.
 */
export const buildEncryptionLayer = (outDir: string): void => {
  buildSync({
    entryPoints: [createRequire(import.meta.url).resolve('@aws-crypto/client-node')],
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    mainFields: ['module', 'main'],
    minify: true,
    external: ['@aws-sdk/*'],
    outfile: `${outDir}/${encryptionLayerEntry}`,
    logLevel: 'warning',
  });
};

/**
 * What the functions take from the DynamoDB SDK, by package. The DynamoDB layer exports these and nothing else, so
 * that it holds only the code they reach; `test/infra/bundles.test.ts` bundles every function against this list and
 * fails on any other name. In Lambda the layer also answers the encryption layer's `require` of the DynamoDB client,
 * which only the Encryption SDK's branch key store uses (the hierarchical keyring, not used here): adopting that
 * keyring means adding its commands here.
 */
export const dynamoDbSdkExports = {
  '@aws-sdk/client-dynamodb': ['DynamoDBClient', 'ProvisionedThroughputExceededException'],
  '@aws-sdk/lib-dynamodb': [
    'DynamoDBDocumentClient',
    'DeleteCommand',
    'GetCommand',
    'PutCommand',
    'QueryCommand',
    'UpdateCommand',
  ],
} as const satisfies Record<string, readonly string[]>;

/** The DynamoDB layer's one bundle; each package of `dynamoDbSdkExports` is a one-line module beside it that reads it. */
export const dynamoDbLayerEntry = 'nodejs/node_modules/@paybridge/dynamodb-sdk/index.js';

/**
 * The credential providers the SDK loads only when the environment holds no keys. Lambda's always does, so these stay
 * with the runtime's SDK, loaded from there by `require` if ever needed, instead of weighing on every cold start.
 */
const unusedInLambdaCredentialProviders = [
  '@aws-sdk/credential-provider-ini',
  '@aws-sdk/credential-provider-sso',
  '@aws-sdk/credential-provider-process',
  '@aws-sdk/credential-provider-web-identity',
  '@aws-sdk/credential-provider-http',
  '@aws-sdk/credential-provider-login',
  '@smithy/credential-provider-imds',
  '@aws-sdk/nested-clients',
  '@aws-sdk/token-providers',
];

/**
 * Builds the DynamoDB layer into `outDir`: the DynamoDB client and document client, with the SDK core they use, as
 * one minified CommonJS file built from the SDK's ES modules, so that only the code behind `dynamoDbSdkExports`
 * remains. Loaded from one file it costs a cold start a fraction of the runtime's SDK, which `require` reads file by
 * file; it also pins the SDK to the version in the lockfile, the one the tests run. Lambda reads layers' modules
 * before the runtime's (`/opt/nodejs/node_modules` comes first on `NODE_PATH`).
 */
export const buildDynamoDbLayer = (outDir: string): void => {
  const packages = Object.entries(dynamoDbSdkExports);
  const contents = packages
    .map(([pkg, names], i) => {
      const imports = names.map((name) => `${name} as p${i}_${name}`).join(', ');
      const members = names.map((name) => `${name}: p${i}_${name}`).join(', ');
      return `import { ${imports} } from '${pkg}';\nexport const p${i} = { ${members} };`;
    })
    .join('\n');
  buildSync({
    stdin: { contents, resolveDir: dirname(fileURLToPath(import.meta.url)), loader: 'js' },
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    mainFields: ['module', 'main'],
    supported: { 'dynamic-import': false },
    minify: true,
    external: unusedInLambdaCredentialProviders,
    outfile: `${outDir}/${dynamoDbLayerEntry}`,
    logLevel: 'warning',
  });
  const shared = dynamoDbLayerEntry.replace(/^nodejs\/node_modules\/(.*)\/index\.js$/, '$1');
  packages.forEach(([pkg], i) => {
    mkdirSync(`${outDir}/nodejs/node_modules/${pkg}`, { recursive: true });
    writeFileSync(`${outDir}/nodejs/node_modules/${pkg}/index.js`, `module.exports = require('${shared}').p${i};\n`);
  });
};
