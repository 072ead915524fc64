import { Duration } from 'aws-cdk-lib';
import {
  Alarm,
  AlarmStatusWidget,
  AlarmWidget,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  type IMetric,
  Metric,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { metricDimensions, metricNames, metricsNamespace } from '../../lib/metrics-names';

/** The reconciler alarms when one run takes more than this share of its timeout. */
export const reconcilerDurationShare = 0.8;

export interface OperationsMonitoringProps {
  topic: ITopic;
  poller: IStateMachine;
  /** Every Lambda function of the stack, the reconciler included; each gets an Errors and a Throttles alarm. */
  functions: LambdaFunction[];
  reconciler: LambdaFunction;
  deadLetterQueue: IQueue;
  /** Where notification deliveries that failed on our side (not the receiver's) end up. */
  deliveryDeadLetterQueue: IQueue;
}

const period = Duration.minutes(5);
const runbook = 'Runbook: README, "Alarms and runbook".';

/** The stack's alarms, each notifying the alarm topic, and a dashboard that shows the same metrics. */
export class OperationsMonitoring extends Construct {
  readonly alarms: Alarm[] = [];
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: OperationsMonitoringProps) {
    super(scope, id);
    const { poller, functions, reconciler, deadLetterQueue, deliveryDeadLetterQueue } = props;
    const action = new SnsAction(props.topic);
    /** An alarm when one 5-minute period's value is above `threshold` (counts: any at all). */
    const alarm = (name: string, metric: IMetric, meaning: string, threshold = 0) => {
      const a = new Alarm(this, name, {
        metric,
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        // Every metric here is sparse: no data means nothing went wrong.
        treatMissingData: TreatMissingData.NOT_BREACHING,
        alarmDescription: `${meaning} ${runbook}`,
      });
      a.addAlarmAction(action);
      this.alarms.push(a);
      return a;
    };
    const custom = (metricName: string) =>
      new Metric({
        namespace: metricsNamespace,
        metricName,
        dimensionsMap: metricDimensions,
        statistic: 'Sum',
        period,
      });
    const timeoutMs = (reconciler.timeout ?? Duration.seconds(3)).toMilliseconds(); // 3 s: Lambda's default

    const single = [
      alarm('PollerExecutionsFailed', poller.metricFailed({ period }), 'A payment poller execution failed.'),
      alarm('PollerExecutionsTimedOut', poller.metricTimedOut({ period }), 'A payment poller execution timed out.'),
      alarm('PollerExecutionThrottled', poller.metricThrottled({ period }), 'Payment poller starts were throttled.'),
      alarm(
        'ReconcilerDuration',
        reconciler.metricDuration({ statistic: 'Maximum', period }),
        `A reconciler run took more than ${reconcilerDurationShare * 100} % of its timeout.`,
        Math.round(timeoutMs * reconcilerDurationShare),
      ),
      alarm(
        'NeedsReviewEntered',
        custom(metricNames.needsReviewEntered),
        'A payment entered needs_review and waits for a person.',
      ),
      alarm(
        'NotificationsAbandoned',
        custom(metricNames.notificationsAbandoned),
        'An outgoing notification was given up after its last retry.',
      ),
      alarm(
        'ReconcileDeadLetters',
        deadLetterQueue.metricApproximateNumberOfMessagesVisible({ statistic: 'Maximum', period }),
        'A reconcile tick could not be delivered to the reconciler and sits in the dead-letter queue.',
      ),
      alarm(
        'DeliveryDeadLetters',
        deliveryDeadLetterQueue.metricApproximateNumberOfMessagesVisible({ statistic: 'Maximum', period }),
        'Notification deliveries failed on our side (the store) past their retries and sit in the dead-letter queue.',
      ),
    ];
    for (const f of functions) {
      alarm(`${f.node.id}Errors`, f.metricErrors({ period }), `${f.node.id} failed with an unhandled error.`);
      alarm(`${f.node.id}Throttles`, f.metricThrottles({ period }), `${f.node.id} invocations were throttled.`);
    }

    this.dashboard = new Dashboard(this, 'Dashboard', { defaultInterval: Duration.hours(3) });
    this.dashboard.addWidgets(
      new AlarmStatusWidget({ title: 'paybridge alarms', alarms: this.alarms, width: 24, height: 6 }),
    );
    this.dashboard.addWidgets(...single.map((a) => new AlarmWidget({ title: a.node.id, alarm: a, width: 8 })));
    const perFunction = (title: string, metricOf: (f: LambdaFunction) => IMetric) =>
      new GraphWidget({ title, left: functions.map(metricOf), width: 12 });
    this.dashboard.addWidgets(
      perFunction('Lambda errors', (f) => f.metricErrors({ period, label: f.node.id })),
      perFunction('Lambda throttles', (f) => f.metricThrottles({ period, label: f.node.id })),
    );
  }
}
