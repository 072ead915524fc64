import { createRequire } from 'node:module';
import { type BuildOptions, buildSync } from 'esbuild';
import { routes } from '../lib/http/routes';
import { consoleHandler } from './console-bundling';
import { pollerTasks } from './workflows/payment-poller';

/**
 * What no function bundle carries: the AWS SDK (the Lambda runtime has it) and the AWS Encryption SDK, which the
 * functions that open sealed secrets load from the shared layer below when they first need it.
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
 * CommonJS file, the KMS client left to the runtime's SDK.
 */
export const buildEncryptionLayer = (outDir: string): void => {
  buildSync({
    entryPoints: [createRequire(import.meta.url).resolve('@aws-crypto/client-node')],
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    minify: true,
    external: ['@aws-sdk/*'],
    outfile: `${outDir}/${encryptionLayerEntry}`,
    logLevel: 'warning',
  });
};
