import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { pollerDefinitionFile } from '../../infra/workflows/payment-poller';
import { routes } from '../../lib/http/routes';
import { tableSchema } from '../../lib/store/table';
import { nagSummary } from '../../scripts/synth';
import { synthStack } from '../support/synth-stack';

let template: Template;
let outdir: string;
/**
 * One function per route handler module (the console's two routes share one), the poller's two, the reconciler and
 * the notification consumer.
 */
const functionCount = new Set(routes.map((r) => r.handler)).size + 4;

beforeAll(() => {
  ({ template, outdir } = synthStack());
});

describe('PaymentGatewayStack', () => {
  it('passes the cdk-nag AwsSolutions checks, every acknowledged finding with a reason', () => {
    const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8'));
    expect(report.pluginReports.flatMap((r: { violations: unknown[] }) => r.violations ?? [])).toEqual([]);
    const metadata = JSON.stringify(template.toJSON());
    expect(metadata).not.toContain('"reason":""');
    expect(nagSummary(outdir)).toMatch(
      /^cdk-nag AwsSolutions: 0 findings unacknowledged \(\d+ acknowledged with reasons\)$/,
    );
  });

  it('routes every entry of the route table to the Lambda function of its handler', () => {
    const routeKeys = Object.values(template.findResources('AWS::ApiGatewayV2::Route')).map(
      (r) => (r as { Properties: { RouteKey: string } }).Properties.RouteKey,
    );
    expect(routeKeys.sort()).toEqual(routes.map((r) => `${r.method} ${r.path}`).sort());
    template.resourceCountIs('AWS::Lambda::Function', functionCount);
    template.allResourcesProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      TracingConfig: { Mode: 'Active' },
    });
  });

  it('keeps payments in one on-demand table with the shared keys, both indexes, TTL and point-in-time recovery', () => {
    template.hasResource('AWS::DynamoDB::GlobalTable', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [
          { AttributeName: tableSchema.partitionKey, KeyType: 'HASH' },
          { AttributeName: tableSchema.sortKey, KeyType: 'RANGE' },
        ],
        TimeToLiveSpecification: { AttributeName: tableSchema.timeToLiveAttribute, Enabled: true },
        GlobalSecondaryIndexes: [
          Match.objectLike({ IndexName: tableSchema.openIndex.name }),
          Match.objectLike({ IndexName: tableSchema.tenantIndex.name }),
        ],
        Replicas: [Match.objectLike({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } })],
      }),
    });
  });

  it('runs the poller as an Express state machine built from the one ASL file', () => {
    const machines = template.findResources('AWS::StepFunctions::StateMachine');
    const [machine] = Object.values(machines) as { Properties: Record<string, unknown> }[];
    expect(machine?.Properties.StateMachineType).toBe('EXPRESS');
    expect(machine?.Properties.DefinitionS3Location).toBeDefined();
    const asl = readFileSync(pollerDefinitionFile, 'utf8');
    const placeholders = [...asl.matchAll(/\$\{(\w+)\}/g)].map(([, name]) => name);
    const substitutions = machine?.Properties.DefinitionSubstitutions as Record<string, unknown>;
    expect(Object.keys(substitutions).sort()).toEqual([...new Set(placeholders)].sort());
  });

  it('gives functions the KMS key that seals tenants’ secrets by ARN, never a credential', () => {
    template.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      Description: Match.stringLikeRegexp('provider credentials'),
    });
    const functions = Object.values(template.findResources('AWS::Lambda::Function')) as {
      Properties: { Environment: { Variables: Record<string, unknown> } };
    }[];
    for (const f of functions) {
      const names = Object.keys(f.Properties.Environment.Variables);
      expect(names).toContain('SECRETS_KMS_KEY_ARN');
      expect(names.filter((n) => /TERMINAL_KEY|APP_SECRET|AES_KEY|TOKEN|WEBHOOK_SECRET/.test(n))).toEqual([]);
    }
  });

  it('ships the encryption SDK and the DynamoDB client once each, as layers on every function that builds the runtime', () => {
    const layers = template.findResources('AWS::Lambda::LayerVersion');
    expect(
      Object.values(layers).map((l) => (l as { Properties: { Description: string } }).Properties.Description),
    ).toEqual([expect.stringContaining('@aws-crypto/client-node'), expect.stringContaining('DynamoDB client')]);
    const functions = Object.values(template.findResources('AWS::Lambda::Function'));
    for (const layer of Object.keys(layers)) {
      const withLayer = functions.filter((f) =>
        JSON.stringify((f as { Properties: { Layers?: unknown } }).Properties.Layers ?? []).includes(layer),
      );
      // Every function less health, openapi and the console, which never open a secret nor read the table.
      expect(withLayer).toHaveLength(functionCount - 3);
    }
  });

  it('grants least privilege: opening secrets to every handler that builds the runtime, sealing to one, workflow starts to two', () => {
    const statements = (action: string) =>
      Object.values(template.findResources('AWS::IAM::Policy')).filter((policy) =>
        JSON.stringify(policy).includes(`"${action}"`),
      );
    expect(statements('states:StartExecution')).toHaveLength(2);
    // Every function less health, openapi and the console, which answer without the runtime; writes less eleven
    // read-only routes.
    expect(statements('kms:Decrypt')).toHaveLength(functionCount - 3);
    expect(statements('kms:GenerateDataKey')).toHaveLength(5);
    expect(statements('dynamodb:PutItem')).toHaveLength(functionCount - 3 - 11);
  });

  it('reconciles open payments on a schedule', () => {
    template.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(5 minutes)' });
    template.hasResourceProperties('AWS::Lambda::Function', { Timeout: 240 });
  });
});
