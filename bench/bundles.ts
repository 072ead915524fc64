import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { pollerTasks } from '../infra/workflows/payment-poller';
import { routes } from '../lib/http/routes';
import { emit, round } from './emit';

/** Bundles each function as the CDK stack does (minified, AWS SDK left to the runtime) and times a cold import. */
export const benchBundles = async (root: string): Promise<void> => {
  const outDir = `${root}/.bench/bundles`;
  mkdirSync(outDir, { recursive: true });
  // One bundle per function: routes that share a handler (the console's two) share its function.
  const modules = [
    ...new Set([
      ...routes.map((r) => r.handler),
      ...Object.values(pollerTasks),
      'functions/scheduled/reconcile',
      'functions/queue/deliver-notifications',
    ]),
  ];
  for (const module of modules) {
    const outfile = `${outDir}/${module.replaceAll('/', '_')}.cjs`;
    await build({
      entryPoints: [`${root}/${module}.ts`],
      bundle: true,
      platform: 'node',
      target: 'node22',
      format: 'cjs',
      minify: true,
      sourcemap: true,
      external: ['@aws-sdk/*'],
      outfile,
      logLevel: 'silent',
    });
    const runs = Array.from({ length: 5 }, () => {
      const out = spawnSync(
        process.execPath,
        [
          '-e',
          `const t=process.hrtime.bigint();require(${JSON.stringify(outfile)});console.log(Number(process.hrtime.bigint()-t)/1e6)`,
        ],
        { cwd: root, encoding: 'utf8', env: { ...process.env, AWS_SDK_JS_SUPPRESS_NODE_DEPRECATION_WARNING: '1' } },
      );
      return Number(out.stdout.trim());
    });
    emit('bundle', {
      function: module,
      bytes: statSync(outfile).size,
      gzipBytes: gzipSync(readFileSync(outfile)).length,
      coldImportMsMedian: round([...runs].sort((a, b) => a - b)[2] as number),
    });
  }
};
