import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nagSummary } from '../../scripts/synth';

/** A cloud assembly holding just what the summary reads. */
const assembly = (pluginReports: unknown[], acknowledged: Record<string, string>[]): string => {
  const dir = mkdtempSync(join(tmpdir(), 'paybridge-nag-'));
  writeFileSync(join(dir, 'validation-report.json'), JSON.stringify({ version: '55.0.0', pluginReports }));
  const metadata = {
    '/Paybridge': [
      { type: 'aws:cdk:creationStack', data: ['app.ts'] },
      ...acknowledged.map((data) => ({ type: 'aws:cdk:acknowledged-rules', data })),
    ],
  };
  writeFileSync(join(dir, 'Paybridge.metadata.json'), JSON.stringify(metadata));
  return dir;
};

describe('npm run synth summary line', () => {
  it('counts each unacknowledged finding per resource, and the acknowledgements with and without a reason', () => {
    const dir = assembly(
      [
        {
          pluginName: 'AwsSolutions',
          violations: [
            { ruleName: 'AwsSolutions-IAM5', violatingConstructs: [{ constructPath: 'a' }, { constructPath: 'b' }] },
            { ruleName: 'AwsSolutions-L1', violatingConstructs: [{ constructPath: 'c' }] },
          ],
        },
        { pluginName: 'cfn-validate', violations: [{ ruleName: 'E3002', violatingConstructs: [{}] }] },
      ],
      [
        { 'Annotation::AwsSolutions-APIG4': 'authenticated in the handler' },
        { 'Annotation::AwsSolutions-IAM4[Policy::x]': ' ' },
        { 'Annotation::Other-Rule': 'not cdk-nag' },
      ],
    );
    expect(nagSummary(dir)).toBe(
      'cdk-nag AwsSolutions: 3 findings unacknowledged (2 acknowledged, 1 without a reason)',
    );
  });

  it('says 0 findings when the report lists none', () => {
    const dir = assembly([], [{ 'Annotation::AwsSolutions-L1': 'Node.js 22 is deliberate' }]);
    expect(nagSummary(dir)).toBe('cdk-nag AwsSolutions: 0 findings unacknowledged (1 acknowledged with reasons)');
  });
});
