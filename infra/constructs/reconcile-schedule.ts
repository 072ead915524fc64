import { Duration, Validations } from 'aws-cdk-lib';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/** How EventBridge retries handing a reconcile tick to the function before it parks the event in the queue. */
export const reconcileDelivery = { retryAttempts: 2, maxEventAge: Duration.hours(1) } as const;

/** Runs the reconciler on a fixed rate; a tick EventBridge cannot deliver lands in an encrypted dead-letter queue. */
export class ReconcileSchedule extends Construct {
  readonly rule: Rule;
  readonly deadLetterQueue: Queue;

  constructor(scope: Construct, id: string, props: { reconciler: IFunction; every: Duration }) {
    super(scope, id);
    this.deadLetterQueue = new Queue(this, 'DeadLetters', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is the dead-letter queue of the reconcile schedule target; cdk-nag only recognises queues and functions as its users.',
    });
    this.rule = new Rule(this, 'Rule', {
      schedule: Schedule.rate(props.every),
      targets: [new LambdaFunction(props.reconciler, { ...reconcileDelivery, deadLetterQueue: this.deadLetterQueue })],
    });
  }
}
