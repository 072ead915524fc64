import { SFNClient, StartExecutionCommand, StopExecutionCommand } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { maxWorkflowSeconds, type PollerInput, SfnPoller } from '../../../lib/workflow/sfn-poller';
import { samplePayment } from '../../support/payments';

const stateMachineArn = 'arn:aws:states:us-east-1:000000000000:stateMachine:payment-poller';
const sfn = new SFNClient({ region: 'us-east-1' });
const sfnMock = mockClient(sfn);
const poller = new SfnPoller(async () => sfn, stateMachineArn);
const now = '2026-01-01T00:01:00.000Z';

const starts = () => sfnMock.commandCalls(StartExecutionCommand).map((call) => call.args[0].input);
const inputOf = (i: number) => JSON.parse(starts()[i]?.input as string) as PollerInput;

beforeEach(() => {
  sfnMock.reset();
  sfnMock.on(StartExecutionCommand).resolves({ executionArn: `${stateMachineArn}:x`, startDate: new Date(now) });
  vi.useFakeTimers({ now: Date.parse(now), toFake: ['Date'] });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('SfnPoller', () => {
  it('starts one execution named after the payment and the start time, with the poll plan as input', async () => {
    const p = samplePayment({ expiresAt: '2026-01-01T00:04:00.000Z' });
    await poller.start(p, { intervalSeconds: 5, timeoutSeconds: 240 });
    expect(starts()).toEqual([
      {
        stateMachineArn,
        name: `${p.id}-${Date.parse(now)}`,
        input: JSON.stringify({
          paymentId: p.id,
          intervalSeconds: 5,
          deadline: '2026-01-01T00:04:00.000Z',
          startedAt: now,
        }),
      },
    ]);
  });

  it('takes the deadline from the timeout when the payment has no expiry, capped at the Express window', async () => {
    const createdAt = '2026-01-01T00:00:00.000Z';
    await poller.start(samplePayment({ createdAt, expiresAt: null }), { intervalSeconds: 8, timeoutSeconds: 180 });
    await poller.start(samplePayment({ createdAt, expiresAt: null }), { intervalSeconds: 30, timeoutSeconds: 3600 });
    expect(inputOf(0).deadline).toBe('2026-01-01T00:03:00.000Z');
    expect(inputOf(1).deadline).toBe(new Date(Date.parse(now) + maxWorkflowSeconds * 1000).toISOString());
    expect(inputOf(1).deadline).toBe('2026-01-01T00:05:30.000Z');
  });

  it('starts a new execution for a repay under a new name and a later startedAt, and stops none', async () => {
    const p = samplePayment({ provider: 'tcc', expiresAt: null });
    await poller.start(p, { intervalSeconds: 8, timeoutSeconds: 180 });
    vi.setSystemTime(Date.parse(now) + 60_000);
    await poller.start(p, { intervalSeconds: 8, timeoutSeconds: 180 });
    const [first, second] = starts();
    expect(second?.name).not.toBe(first?.name);
    expect(inputOf(1).startedAt > inputOf(0).startedAt).toBe(true);
    // The earlier execution ends itself: its startedAt is before the payment's repaidAt.
    expect(sfnMock.commandCalls(StopExecutionCommand)).toHaveLength(0);
  });

  it('propagates a failed start to the caller', async () => {
    sfnMock.on(StartExecutionCommand).rejects(new Error('Rate exceeded'));
    await expect(poller.start(samplePayment(), { intervalSeconds: 5, timeoutSeconds: 50 })).rejects.toThrow(
      'Rate exceeded',
    );
  });
});
