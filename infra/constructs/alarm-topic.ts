import { Stack } from 'aws-cdk-lib';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';

/** The one SNS topic every paybridge alarm notifies: encrypted with its own key, publishing over TLS only. */
export class AlarmTopic extends Construct {
  readonly topic: Topic;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    // CloudWatch cannot publish to a topic under the AWS-managed SNS key: the topic needs a key whose policy lets it.
    const key = new Key(this, 'Key', { description: 'paybridge alarm topic', enableKeyRotation: true });
    const cloudwatch = new ServicePrincipal('cloudwatch.amazonaws.com');
    key.grant(cloudwatch, 'kms:Decrypt', 'kms:GenerateDataKey*');
    this.topic = new Topic(this, 'Topic', { displayName: 'paybridge alarms', masterKey: key, enforceSSL: true });
    // The topic policy replaces SNS's default one, so the alarms' publisher is named here, limited to this account.
    this.topic.addToResourcePolicy(
      new PolicyStatement({
        principals: [cloudwatch],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    );
  }
}
