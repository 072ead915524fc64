import { pollStep } from '../lib/payments/poll-step';
import { reconcile } from '../lib/payments/reconcile';
import { getRuntime } from '../lib/runtime';
import type { LocalGateway } from '../local/runtime';
import { costAssumptions, costUsd } from './cost';
import { measure } from './counters';
import { emit, round } from './emit';

const linkLifeS = 3600;
const pollIntervalS = 30;
const expressWindowS = 270;
const reconcileEveryS = 300;
/** Transitions per polling loop: Wait, SyncStatus, Decide. */
const transitionsPerPoll = 3;
/** The reconcile Lambda runs once per schedule tick for every due payment; its invocation is shared this many ways. */
const openPaymentsPerRun = 100;

/**
 * Who should own Zhixiao's hour-long tail (notify is primary; polling only finds lost notifies)? Measures one
 * workflow poll and one reconciler visit of a waiting Zhixiao payment on the local runtime, then prices an hour
 * polled by a Standard workflow every 30 s against Express for its first 270 s and the 5-minute reconciler after.
 */
export const benchLongTail = async (gw: LocalGateway): Promise<void> => {
  const rt = await getRuntime();
  const res = await fetch(`${gw.apiUrl}/v1/payments`, {
    method: 'POST',
    headers: { authorization: 'Bearer sk_test_demo', 'content-type': 'application/json' },
    body: JSON.stringify({
      provider: 'zhixiao',
      scene: 'h5',
      amount: 19800,
      merchantOrderNo: `TAIL-${Date.now()}`,
      subject: 'bench',
    }),
  });
  const { id } = (await res.json()) as { id: string };
  const deadline = new Date(Date.now() + linkLifeS * 1000).toISOString();
  const poll = await measure(gw, async () => {
    await pollStep(rt, { paymentId: id, deadline });
  });
  const later = { ...rt, clock: () => new Date(Date.now() + 10 * 60_000) };
  const visit = await measure(gw, async () => {
    await reconcile(later, 'demo');
  });
  // The 16 shard queries of a reconcile run are shared by every due payment; per payment it is one read of the row.
  const visitPerPayment = { ...visit, reads: visit.reads - 16 + 16 / openPaymentsPerRun };
  const polls = linkLifeS / pollIntervalS;
  const expressPolls = expressWindowS / pollIntervalS;
  const visits = Math.ceil((linkLifeS - expressWindowS) / reconcileEveryS);
  const perPoll = { reads: poll.reads, writes: poll.writes, lambdaInvocations: 1, lambdaMs: poll.wallMs };
  const standard = costUsd({
    reads: perPoll.reads * polls,
    writes: perPoll.writes * polls,
    lambdaInvocations: polls,
    lambdaMs: perPoll.lambdaMs * polls,
    standardTransitions: polls * transitionsPerPoll + 3,
  });
  const hybrid = costUsd({
    reads: perPoll.reads * expressPolls + visitPerPayment.reads * visits,
    writes: perPoll.writes * expressPolls + visitPerPayment.writes * visits,
    lambdaInvocations: expressPolls + visits / openPaymentsPerRun,
    lambdaMs: perPoll.lambdaMs * expressPolls + visit.wallMs * visits,
    expressExecutions: 1,
    expressSeconds: expressWindowS,
  });
  emit('zhixiao_long_tail', {
    measuredPerPoll: poll.dynamo,
    measuredPerReconcileVisit: visit.dynamo,
    standardWorkflowHourUsdPerMillion: round(standard * 1e6, 2),
    expressThenReconcilerUsdPerMillion: round(hybrid * 1e6, 2),
    polls,
    expressPolls,
    reconcilerVisits: visits,
    assumptions: `poll every ${pollIntervalS} s for ${linkLifeS} s; reconciler every ${reconcileEveryS} s shared by ${openPaymentsPerRun} open payments; ${costAssumptions}`,
  });
};
