import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { webhookThrottle } from '../../infra/payment-gateway-stack';
import { appendEvent, transition } from '../../lib/domain/transition';
import { routes } from '../../lib/http/routes';
import { flushMetrics } from '../../lib/metrics';
import { metricNames, metricsNamespace } from '../../lib/metrics-names';
import { recordWriteMetrics } from '../../lib/payments/write-metrics';
import { captureEmf } from '../support/emf';
import { samplePayment } from '../support/payments';
import { synthStack } from '../support/synth-stack';

let template: Template;
const emf = captureEmf();

beforeAll(() => {
  ({ template } = synthStack());
});

const logicalIds = (type: string, props: Record<string, unknown> = {}) =>
  Object.keys(template.findResources(type, { Properties: Match.objectLike(props) }));
const only = (ids: string[]) => {
  expect(ids).toHaveLength(1);
  return ids[0] as string;
};
const reconcilerId = () => only(logicalIds('AWS::Lambda::Function', { Timeout: 240 }));
const topicId = () => only(logicalIds('AWS::SNS::Topic'));
const queueId = () => only(logicalIds('AWS::SQS::Queue', { FifoQueue: Match.absent() }));

/** An alarm that fires on any count above zero in a 5-minute period, notifying the alarm topic. */
const anyCount = (props: Record<string, unknown>) => ({
  ...props,
  Statistic: 'Sum',
  Period: 300,
  EvaluationPeriods: 1,
  Threshold: 0,
  ComparisonOperator: 'GreaterThanThreshold',
  TreatMissingData: 'notBreaching',
  AlarmActions: [{ Ref: topicId() }],
});

describe('alarm topic', () => {
  it('is one topic, encrypted with a rotated key CloudWatch may use, TLS-only, with its ARN as an output', () => {
    const keyId = only(
      logicalIds('AWS::KMS::Key', { EnableKeyRotation: true, Description: Match.stringLikeRegexp('alarm') }),
    );
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } });
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
            Principal: { Service: 'cloudwatch.amazonaws.com' },
          }),
        ]),
      },
    });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: topicId() }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({
            Effect: 'Allow',
            Action: 'sns:Publish',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
          }),
        ]),
      },
    });
    template.hasOutput('AlarmTopicArn', { Value: { Ref: topicId() } });
  });

  it('receives every alarm', () => {
    template.allResourcesProperties('AWS::CloudWatch::Alarm', { AlarmActions: [{ Ref: topicId() }] });
  });
});

describe('alarms', () => {
  it('watch the poller state machine’s failed, timed-out and throttled executions', () => {
    const poller = only(logicalIds('AWS::StepFunctions::StateMachine'));
    for (const metricName of ['ExecutionsFailed', 'ExecutionsTimedOut', 'ExecutionThrottled']) {
      template.hasResourceProperties(
        'AWS::CloudWatch::Alarm',
        anyCount({
          Namespace: 'AWS/States',
          MetricName: metricName,
          Dimensions: [{ Name: 'StateMachineArn', Value: { Ref: poller } }],
        }),
      );
    }
  });

  it('watch every Lambda function’s errors and throttles, and nothing more than the listed alarms', () => {
    const functions = logicalIds('AWS::Lambda::Function');
    // One function per route handler module (the console's two routes share one), the poller's two, the reconciler
    // and the notification consumer.
    expect(functions).toHaveLength(new Set(routes.map((r) => r.handler)).size + 4);
    for (const id of functions) {
      for (const metricName of ['Errors', 'Throttles']) {
        template.hasResourceProperties(
          'AWS::CloudWatch::Alarm',
          anyCount({
            Namespace: 'AWS/Lambda',
            MetricName: metricName,
            Dimensions: [{ Name: 'FunctionName', Value: { Ref: id } }],
          }),
        );
      }
    }
    // 3 poller, 2 per function, reconciler duration, 2 custom metrics, 2 dead-letter depths.
    template.resourceCountIs('AWS::CloudWatch::Alarm', 3 + 2 * functions.length + 1 + 2 + 2);
  });

  it('fire when a reconciler run takes more than 80 % of its 4-minute timeout', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/Lambda',
      MetricName: 'Duration',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: reconcilerId() } }],
      Statistic: 'Maximum',
      Period: 300,
      Threshold: 0.8 * 240_000,
      ComparisonOperator: 'GreaterThanThreshold',
      AlarmActions: [{ Ref: topicId() }],
    });
  });

  it('count payments entering needs_review and abandoned notifications under the shared metric names', () => {
    expect(metricsNamespace).toBe('paybridge');
    for (const metricName of [metricNames.needsReviewEntered, metricNames.notificationsAbandoned]) {
      template.hasResourceProperties(
        'AWS::CloudWatch::Alarm',
        anyCount({
          Namespace: 'paybridge',
          MetricName: metricName,
          Dimensions: [{ Name: 'service', Value: 'paybridge' }],
        }),
      );
    }
    const customAlarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')).filter(
      (r) => r.Properties.Namespace === metricsNamespace,
    );
    expect(customAlarms.map((r) => r.Properties.MetricName).sort()).toEqual([
      'NeedsReviewEntered',
      'NotificationsAbandoned',
    ]);
  });

  it('watch series the code emits with exactly the alarms’ dimensions', () => {
    const p = samplePayment({ provider: 'zhixiao', status: 'pending' });
    const at = '2026-03-01T00:00:00.000Z';
    recordWriteMetrics(p, transition(p, { to: 'needs_review', source: 'poller', at, data: { reason: 'pay_unknown' } }));
    recordWriteMetrics(
      p,
      appendEvent(p, {
        type: 'notification.abandoned',
        source: 'api',
        at,
        from: null,
        to: 'abandoned',
        data: { reason: 'retries_spent' },
      }),
    );
    flushMetrics();
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm'))
      .map(
        (r) => r.Properties as { Namespace: string; MetricName: string; Dimensions: { Name: string; Value: string }[] },
      )
      .filter((a) => a.Namespace === metricsNamespace);
    expect(alarms).toHaveLength(2);
    for (const alarm of alarms) {
      const dimensions = Object.fromEntries(alarm.Dimensions.map((d) => [d.Name, d.Value]));
      expect(emf.sums(alarm.MetricName)).toContainEqual({ dimensions, sum: 1 });
    }
  });
});

describe('reconcile schedule', () => {
  it('retries a tick twice within an hour, then parks it in a dead-letter queue', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(5 minutes)',
      Targets: [
        Match.objectLike({
          Arn: { 'Fn::GetAtt': [reconcilerId(), 'Arn'] },
          RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 3600 },
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [queueId(), 'Arn'] } },
        }),
      ],
    });
  });

  it('keeps the dead-letter queue encrypted and TLS-only, writable by the rule, with an alarm on its depth', () => {
    template.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: queueId() }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({ Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' } }),
        ]),
      },
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queueId(), 'QueueName'] } }],
      Statistic: 'Maximum',
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      AlarmActions: [{ Ref: topicId() }],
    });
  });

  it('runs the reconciler one at a time, and reserves concurrency for nothing else', () => {
    expect(logicalIds('AWS::Lambda::Function', { ReservedConcurrentExecutions: 1 })).toEqual([reconcilerId()]);
    expect(logicalIds('AWS::Lambda::Function', { ReservedConcurrentExecutions: Match.anyValue() })).toHaveLength(1);
  });
});

describe('API stage', () => {
  it('throttles the Zhixiao webhook route on its own, below the default throttle, once the route exists', () => {
    expect(routes.map((r) => `${r.method} ${r.path}`)).toContain(webhookThrottle.routeKey);
    const webhookRoute = only(logicalIds('AWS::ApiGatewayV2::Route', { RouteKey: 'POST /webhooks/zhixiao' }));
    template.hasResource('AWS::ApiGatewayV2::Stage', {
      Properties: Match.objectLike({
        DefaultRouteSettings: { ThrottlingRateLimit: 200, ThrottlingBurstLimit: 400 },
        RouteSettings: { 'POST /webhooks/zhixiao': { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 } },
      }),
      DependsOn: Match.arrayWith([webhookRoute]),
    });
  });
});

describe('dashboard', () => {
  it('shows every alarm and every function’s errors and throttles', () => {
    const [dashboard] = Object.values(template.findResources('AWS::CloudWatch::Dashboard'));
    const body = JSON.stringify(dashboard?.Properties.DashboardBody);
    for (const alarm of logicalIds('AWS::CloudWatch::Alarm')) expect(body).toContain(`"${alarm}","Arn"`);
    expect(body).toContain('Lambda errors');
    expect(body).toContain('Lambda throttles');
    for (const f of logicalIds('AWS::Lambda::Function')) expect(body).toContain(`{"Ref":"${f}"}`);
    template.hasOutput('DashboardName', { Value: { Ref: only(logicalIds('AWS::CloudWatch::Dashboard')) } });
  });
});
