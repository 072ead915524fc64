import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { deliveryMaxReceiveCount } from '../../infra/constructs/notification-delivery';
import { synthStack } from '../support/synth-stack';

let template: Template;
beforeAll(() => {
  ({ template } = synthStack());
});

const ids = (type: string, props: Record<string, unknown> = {}) =>
  Object.keys(template.findResources(type, { Properties: Match.objectLike(props) }));
const only = (found: string[]) => {
  expect(found).toHaveLength(1);
  return found[0] as string;
};
const fifoQueues = () => ids('AWS::SQS::Queue', { FifoQueue: true });
const queueId = () => only(ids('AWS::SQS::Queue', { FifoQueue: true, RedrivePolicy: Match.anyValue() }));
const deadLettersId = () => only(fifoQueues().filter((id) => id !== queueId()));
const delivererId = () => only(ids('AWS::Lambda::Function', { Timeout: 30 }));
/** The policy of the function whose logical id starts with `prefix`. */
const policyOf = (prefix: string) => {
  const policies = template.findResources('AWS::IAM::Policy');
  const found = Object.entries(policies).filter(([id]) => id.startsWith(prefix));
  expect(found).toHaveLength(1);
  return JSON.stringify(found[0]?.[1]);
};

describe('notification delivery', () => {
  it('goes through an encrypted, TLS-only FIFO queue whose failures end in an encrypted FIFO dead-letter queue', () => {
    expect(fifoQueues()).toHaveLength(2);
    template.hasResourceProperties('AWS::SQS::Queue', {
      FifoQueue: true,
      SqsManagedSseEnabled: true,
      RedrivePolicy: {
        deadLetterTargetArn: { 'Fn::GetAtt': [deadLettersId(), 'Arn'] },
        maxReceiveCount: deliveryMaxReceiveCount,
      },
      VisibilityTimeout: 180,
    });
    template.hasResourceProperties('AWS::SQS::Queue', { FifoQueue: true, SqsManagedSseEnabled: true });
    for (const queue of [queueId(), deadLettersId()]) {
      template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: queue }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          ]),
        },
      });
    }
  });

  it('feeds the delivery function in batches of ten, retrying only the failed items', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [queueId(), 'Arn'] },
      FunctionName: { Ref: delivererId() },
      BatchSize: 10,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
  });

  it('lets the payment writers send (the delivery function too: its fan-out queues a delivery per endpoint), and only the delivery function consume', () => {
    for (const writer of ['CreatePayment', 'GetPayment', 'ZhixiaoNotify', 'SyncStatus', 'Reconcile']) {
      const policy = policyOf(`${writer}ServiceRole`);
      expect(policy, writer).toContain('sqs:SendMessage');
      expect(policy, writer).not.toContain('sqs:ReceiveMessage');
    }
    template.hasResourceProperties('AWS::Lambda::Function', {
      Handler: 'index.handler',
      Environment: { Variables: Match.objectLike({ DELIVERY_QUEUE_URL: { Ref: queueId() } }) },
    });
    const deliverer = policyOf('DeliverNotificationsServiceRole');
    expect(deliverer).toContain('sqs:ReceiveMessage');
    expect(deliverer).toContain('sqs:DeleteMessage');
    expect(deliverer).toContain('sqs:SendMessage');
    expect(deliverer).toContain('kms:Decrypt');
    for (const route of ['ListWebhookEndpoints', 'ListDeliveries', 'GetCapabilities']) {
      expect(policyOf(`${route}ServiceRole`), route).not.toContain('sqs:SendMessage');
    }
    for (const sealer of ['CreateWebhookEndpoint', 'RotateWebhookEndpointSecret']) {
      expect(policyOf(`${sealer}ServiceRole`), sealer).toContain('"kms:GenerateDataKey"');
    }
  });

  it('alarms on the dead-letter queue’s depth to the alarm topic', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [deadLettersId(), 'QueueName'] } }],
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      AlarmActions: [{ Ref: only(ids('AWS::SNS::Topic')) }],
    });
  });
});
