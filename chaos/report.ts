import { type InvariantId, invariantTitles } from './invariants';
import { storyOf } from './plan';
import type { ChaosReport } from './run';

const examplesShown = 5;

const line = (counts: Record<string, number>) =>
  Object.entries(counts)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([k, n]) => `${k} ${n}`)
    .join(' · ') || 'none';

const total = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);

/** The report `npm run chaos` prints: what ran, which faults, and each invariant with its violations. */
/** One event as the report shows it: type, source, and why where it says. */
const eventLine = (e: { type: string; source: string; data: Record<string, unknown> }): string =>
  `${e.type} (${e.source}${typeof e.data.reason === 'string' ? `: ${e.data.reason}` : ''})`;

export const formatReport = (r: ChaosReport): string => {
  const faulted = r.drive.faultedOperations;
  const out = [
    `paybridge fault proof — seed ${r.seed}, plan ${r.plan.digest}, ${r.operations} operations`,
    `operations run: ${line(r.drive.executed)}`,
    `operations with nothing to act on: ${line(r.drive.skipped)}`,
    `operations with a fault: ${faulted} (${((100 * faulted) / r.operations).toFixed(1)} %): ${line(r.drive.faultsArmed)}`,
    `faults that hit a call or a write: ${total(r.faultsFired)}: ${line(r.faultsFired)}`,
    `API answers: ${line(r.answersByStatus)}`,
    `payments: ${total(r.payments)}: ${line(r.payments)}`,
    `refunds: ${total(r.refunds)}: ${line(r.refunds)}`,
    `settling: ${r.settle.reconciliationPasses} reconciliation passes${r.settle.quiet ? '' : ' (still changing)'}, ` +
      `${r.settle.workflowsLeft} workflows and ${r.settle.notifiesInFlight} notifies still running`,
    'invariants:',
  ];
  for (const [key, title] of Object.entries(invariantTitles)) {
    const id = Number(key) as InvariantId;
    const found = r.violations.filter((v) => v.invariant === id);
    out.push(`  ${id}. ${title}: ${found.length ? `${found.length} violations` : 'ok'}`);
    for (const v of found.slice(0, examplesShown)) {
      out.push(`       ${v.paymentId ?? '(no payment)'}: ${v.why}`);
      const index = v.paymentId ? r.drive.paymentIndex[v.paymentId] : undefined;
      if (index !== undefined) out.push(`         plan: ${storyOf(r.plan, index)}`);
      const events = r.evidence.payments.find((p) => p.id === v.paymentId)?.events ?? [];
      if (events.length) out.push(`         events: ${events.map(eventLine).join(' → ')}`);
    }
  }
  if (r.drive.driverErrors.length) {
    out.push(`driver errors (the run proves less): ${r.drive.driverErrors.length}`);
    for (const e of r.drive.driverErrors.slice(0, examplesShown)) out.push(`  ${e}`);
  }
  out.push(`${r.violations.length ? 'FAILED' : 'passed'} in ${(r.durationMs / 1000).toFixed(1)} s`);
  return out.join('\n');
};
