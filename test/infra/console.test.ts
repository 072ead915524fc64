import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Template } from 'aws-cdk-lib/assertions';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { consoleHandler, copyConsoleFiles } from '../../infra/console-bundling';
import { consoleFiles, consoleIndex } from '../../lib/console/assets';
import { synthStack } from '../support/synth-stack';

const root = join(import.meta.dirname, '../..');

let template: Template;
beforeAll(() => {
  ({ template } = synthStack());
});

type Resources = Record<string, { Properties: Record<string, unknown> }>;

describe('the console in the stack', () => {
  it('serves GET /console and GET /console/{file} from one function that reads no secret and no table', () => {
    const routeKeys = Object.values(template.findResources('AWS::ApiGatewayV2::Route') as Resources)
      .map((r) => r.Properties.RouteKey as string)
      .filter((key) => key.includes('/console'));
    expect(routeKeys.sort()).toEqual(['GET /console', 'GET /console/{file}']);

    // API Gateway may invoke one function, for each of the two routes.
    const permissions = Object.values(template.findResources('AWS::Lambda::Permission') as Resources)
      .map((r) => JSON.stringify(r.Properties))
      .filter((p) => /\/\*\/\*\/console(\/\{file\})?"/.test(p));
    expect(permissions).toHaveLength(2);
    const functionIds = new Set(permissions.map((p) => /"FunctionName":\{"Fn::GetAtt":\["(\w+)"/.exec(p)?.[1]));
    expect(functionIds.size).toBe(1);
    const functionId = [...functionIds][0] as string;
    const fn = (template.findResources('AWS::Lambda::Function') as Resources)[functionId]?.Properties;
    expect(fn?.Handler).toBe('index.handler');

    // Its role may only send traces: no table, no secret, no workflow.
    const roleId = JSON.stringify(fn?.Role).match(/"Fn::GetAtt":\["(\w+)"/)?.[1] as string;
    const actions = Object.values(template.findResources('AWS::IAM::Policy') as Resources)
      .filter((p) => JSON.stringify(p.Properties.Roles).includes(`"${roleId}"`))
      .flatMap((p) => (p.Properties.PolicyDocument as { Statement: { Action: string | string[] }[] }).Statement)
      .flatMap((statement) => statement.Action);
    expect(actions.sort()).toEqual(['xray:PutTelemetryRecords', 'xray:PutTraceSegments']);
  });
});

describe('the console function bundle', () => {
  it('holds every file the console serves, and its handler answers each from there', async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'paybridge-console-'));
    // As the stack bundles it: esbuild to an ES module, then the afterBundling hook.
    await build({
      entryPoints: [join(root, `${consoleHandler}.ts`)],
      bundle: true,
      platform: 'node',
      target: 'node22',
      format: 'esm',
      minify: true,
      outfile: join(outDir, 'index.mjs'),
      logLevel: 'silent',
    });
    // It needs nothing but Node: no AWS SDK, no store, no runtime.
    expect(statSync(join(outDir, 'index.mjs')).size).toBeLessThan(10_000);
    for (const command of copyConsoleFiles(root, outDir)) execFileSync('bash', ['-c', command]);

    // The bundle runs where the repository is not: only what the bundle directory holds can answer.
    const script = `
      const { handler } = await import(${JSON.stringify(join(outDir, 'index.mjs'))});
      const names = JSON.parse(process.argv[1]);
      const answers = {};
      for (const name of names) {
        const r = await handler({ pathParameters: { file: name }, headers: {} });
        answers[name] = { status: r.statusCode, type: r.headers['content-type'], body: r.body };
      }
      const index = await handler({ headers: {} });
      answers['/console'] = { status: index.statusCode, body: index.body };
      process.stdout.write(JSON.stringify(answers));
    `;
    const names = Object.keys(consoleFiles).filter((name) => name !== consoleIndex);
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script, JSON.stringify(names)], {
      cwd: tmpdir(),
      env: { PATH: process.env.PATH, LAMBDA_TASK_ROOT: outDir },
      encoding: 'utf8',
      maxBuffer: 16 * 1024 * 1024,
    });
    const answers = JSON.parse(out) as Record<string, { status: number; type: string; body: string }>;
    for (const name of names) {
      const { source, type } = consoleFiles[name as keyof typeof consoleFiles];
      expect(answers[name]).toEqual({ status: 200, type, body: readFileSync(join(root, source), 'utf8') });
    }
    expect(answers['/console']?.body).toBe(readFileSync(join(root, consoleFiles['index.html'].source), 'utf8'));
  });
});
