import type { SFNClient } from '@aws-sdk/client-sfn';
import type { Payment } from '../domain/payment';
import { lazy } from '../lazy';
import type { Poller, PollPlan } from '../payments/deps';

/** The status workflow's input (infra/workflows/payment-poller.asl.json). */
export interface PollerInput {
  paymentId: string;
  intervalSeconds: number;
  deadline: string;
  /** When this polling window began; a repay after it supersedes the workflow. */
  startedAt: string;
}

/**
 * An Express execution ends at 5 minutes (the ASL's TimeoutSeconds is 290): a longer window (Zhixiao's hour) is
 * polled here for its first minutes and left to the reconciler after, with no cancel at this workflow's end.
 */
export const maxWorkflowSeconds = 270;

/** Starts one execution of the payment poller state machine per pending payment (and per repay). */
export class SfnPoller implements Poller {
  constructor(
    private readonly sfn: () => Promise<SFNClient>,
    private readonly stateMachineArn: string,
  ) {}

  async start(p: Payment, plan: PollPlan): Promise<void> {
    const now = Date.now();
    const deadline = p.expiresAt ?? new Date(Date.parse(p.createdAt) + plan.timeoutSeconds * 1000).toISOString();
    const input: PollerInput = {
      paymentId: p.id,
      intervalSeconds: plan.intervalSeconds,
      deadline: new Date(Math.min(Date.parse(deadline), now + maxWorkflowSeconds * 1000)).toISOString(),
      startedAt: new Date(now).toISOString(),
    };
    const { StartExecutionCommand } = await import('@aws-sdk/client-sfn');
    await (await this.sfn()).send(
      new StartExecutionCommand({
        stateMachineArn: this.stateMachineArn,
        name: `${p.id}-${now}`,
        input: JSON.stringify(input),
      }),
    );
  }
}

/** The Step Functions client, loaded with its SDK on the first start: most requests never start a workflow. */
export const lazySfnClient = (region: string, endpoint?: string): (() => Promise<SFNClient>) =>
  lazy(async () => new (await import('@aws-sdk/client-sfn')).SFNClient({ region, ...(endpoint ? { endpoint } : {}) }));
