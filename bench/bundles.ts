import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import {
  buildDynamoDbLayer,
  buildEncryptionLayer,
  dynamoDbLayerEntry,
  encryptionLayerEntry,
  functionBuildOptions,
  functionBundleLimitBytes,
  functionModules,
} from '../infra/bundling';
import { emit, round } from './emit';

/** Median of five fresh processes, each timing the load of `file` alone (`require`, or `import` for a module). */
const coldImportMs = (root: string, file: string): number => {
  const load = file.endsWith('.mjs')
    ? `await import(${JSON.stringify(pathToFileURL(file).href)})`
    : `require(${JSON.stringify(file)})`;
  const script = `(async()=>{const t=process.hrtime.bigint();${load};console.log(Number(process.hrtime.bigint()-t)/1e6)})()`;
  const runs = Array.from({ length: 5 }, () => {
    const out = spawnSync(process.execPath, ['-e', script], {
      cwd: root,
      encoding: 'utf8',
      // Lambda's Node 22 prints no SDK support notice; neither does this Node.
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: '1' },
    });
    return Number(out.stdout.trim());
  });
  return round([...runs].sort((a, b) => a - b)[2] as number);
};

const sizes = (file: string) => ({ bytes: statSync(file).size, gzipBytes: gzipSync(readFileSync(file)).length });

/**
 * Bundles each function as the CDK stack does (minified, the AWS SDK and the encryption SDK left out) and times a
 * cold import of each; then the two layers: the DynamoDB client, whose load is part of each function's cold import,
 * and the encryption SDK, whose load is paid by the first request that opens a secret. The bundles sit beside the
 * layers' `node_modules`, so they resolve the DynamoDB client and the encryption SDK to the layers as in Lambda; the
 * other AWS SDK clients come from the repository's `node_modules`, as from the runtime's in Lambda.
 */
export const benchBundles = async (root: string): Promise<void> => {
  const outDir = `${root}/.bench/bundles`;
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(`${outDir}/nodejs`, { recursive: true });
  buildEncryptionLayer(outDir);
  buildDynamoDbLayer(outDir);
  for (const module of functionModules) {
    const options = functionBuildOptions(module);
    const outfile = `${outDir}/nodejs/${module.replaceAll('/', '_')}.${options.format === 'esm' ? 'mjs' : 'cjs'}`;
    await build({ ...options, entryPoints: [`${root}/${module}.ts`], sourcemap: true, outfile, logLevel: 'silent' });
    const size = sizes(outfile);
    emit('bundle', {
      function: module,
      ...size,
      withinGoal: size.bytes <= 250 * 1024,
      withinLimit: size.bytes <= functionBundleLimitBytes,
      coldImportMsMedian: coldImportMs(root, outfile),
    });
  }
  const dynamoDb = `${outDir}/${dynamoDbLayerEntry}`;
  emit('dynamodb_layer', {
    what: 'the DynamoDB client and document client, loaded by every function that builds the runtime when it starts',
    ...sizes(dynamoDb),
    coldImportMsMedian: coldImportMs(root, dynamoDb),
  });
  const layer = `${outDir}/${encryptionLayerEntry}`;
  emit('encryption_layer', {
    what: '@aws-crypto/client-node, loaded by the first request that opens a sealed secret',
    ...sizes(layer),
    coldImportMsMedian: coldImportMs(root, layer),
  });
};
