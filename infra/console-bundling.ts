import { type BundlingOptions, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { consoleFiles } from '../lib/console/assets';

/** The console handler's module; its function gets the bundling below. */
export const consoleHandler = 'functions/console/serve-console';

const quote = (path: string) => `'${path.replaceAll("'", "'\\''")}'`;

/**
 * Shell commands that copy every console file into the function's bundle, keeping its path relative to the
 * repository root: the handler reads them from the function's directory (`LAMBDA_TASK_ROOT`).
 */
export const copyConsoleFiles = (inputDir: string, outputDir: string): string[] =>
  Object.values(consoleFiles).map(({ source }) => {
    const to = `${outputDir}/${source}`;
    return `mkdir -p ${quote(to.slice(0, to.lastIndexOf('/')))} && cp ${quote(`${inputDir}/${source}`)} ${quote(to)}`;
  });

/**
 * The console function's bundling: the console's files copied in after esbuild, and ES module output, since the
 * handler's code reads `import.meta.url` (for the repository's copy, when not in Lambda), which CommonJS output
 * would leave empty.
 */
export const consoleBundling: BundlingOptions = {
  format: OutputFormat.ESM,
  // An ES module keeps its import() calls: the require rewrite is for the CommonJS bundles.
  esbuildArgs: {},
  commandHooks: {
    beforeBundling: () => [],
    beforeInstall: () => [],
    afterBundling: copyConsoleFiles,
  },
};
