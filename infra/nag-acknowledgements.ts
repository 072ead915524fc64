import { type CfnElement, type Stack, Validations } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';

/** cdk-nag AwsSolutions findings this stack accepts, each with the reason it is right for paybridge. */
export const acknowledgeFindings = (stack: Stack, parts: { table: ITableV2; pollerTasks: IFunction[] }): void => {
  const logicalId = (c: { node: { defaultChild?: unknown } }) => stack.getLogicalId(c.node.defaultChild as CfnElement);
  const acknowledgements = [
    {
      id: 'AwsSolutions-APIG4',
      reason:
        'Every /v1 route authenticates in its handler with a per-tenant API key (hashed at rest) and scopes data to that tenant; /health and /openapi.json are public by contract, and /webhooks/zhixiao verifies the Zhixiao md5 signature over the encrypted notify.',
    },
    {
      id: 'AwsSolutions-L1',
      reason: 'Node.js 22 is the runtime paybridge is built and tested for; a runtime upgrade is a deliberate change.',
    },
    {
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason: 'Lambda functions use AWSLambdaBasicExecutionRole only to write their own CloudWatch logs.',
    },
    {
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'X-Ray trace writes and Step Functions log delivery accept no resource narrower than *.',
    },
    {
      id: `AwsSolutions-IAM5[Resource::<${logicalId(parts.table)}.Arn>/index/*]`,
      reason:
        'Grants on the payments table cover its own two indexes (open payments, tenant listing) and nothing else.',
    },
    ...parts.pollerTasks.map((f) => ({
      id: `AwsSolutions-IAM5[Resource::<${logicalId(f)}.Arn>:*]`,
      reason: 'The poller state machine may invoke every version of its own task function.',
    })),
  ];
  for (const ack of acknowledgements) Validations.of(stack).acknowledge(ack);
};
