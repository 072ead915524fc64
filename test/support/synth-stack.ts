import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { PaymentGatewayStack } from '../../infra/payment-gateway-stack';

/** The stack's template, synthesised with the cdk-nag checks into `outdir` (its validation report lands there). */
export const synthStack = (): { template: Template; outdir: string } => {
  const outdir = mkdtempSync(join(tmpdir(), 'paybridge-cdk-'));
  // Templates only: skip esbuild bundling of the functions.
  const app = new App({ outdir, context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new PaymentGatewayStack(app, 'Paybridge');
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  app.synth();
  return { template: Template.fromStack(stack), outdir };
};
