import type { Payment } from '../domain/payment';
import { isAwaitingProvider } from '../domain/status';
import { openShards } from './table';

/**
 * Which payments the sparse open-payments index holds, in which shard, and when each is next due for the
 * reconciler. Only open payments carry the index keys, so reconciliation reads follow them, not the table.
 */
export const shardOf = (id: string): number => {
  let h = 0;
  for (const c of id) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return h % openShards;
};

/** A re-issued TCC order may still be paid "by special means" after its cancel: watch it this long. */
const repaidWatchMs = 24 * 60 * 60 * 1000;

/**
 * Payments whose state the reconciler must still ask the provider about: outcome unknown, a person needed, a refund
 * pending, or a canceled order that was re-issued within the last day.
 */
export const needsProviderCheck = (p: Payment): boolean =>
  isAwaitingProvider(p.status) ||
  p.status === 'needs_review' ||
  p.refunds.some((r) => r.status === 'pending') ||
  (p.status === 'canceled' &&
    !!p.repaidAt &&
    Date.parse(p.reconciledAt ?? p.updatedAt) - Date.parse(p.repaidAt) < repaidWatchMs);

/** Open payments carry the sparse index's keys: a provider check is due, or notifications wait for delivery. */
export const isOpen = (p: Payment): boolean => needsProviderCheck(p) || (p.outbox?.length ?? 0) > 0;

/**
 * A payment is first due a minute after its polling workflow ends (its deadline, or the workflow's five minutes
 * for a longer window); once reconciled, at the next run.
 */
const firstCheckAfterMs = 60_000;
const workflowSpanMs = 5 * 60_000;
const recheckAfterMs = 4 * 60_000;

const statusCheckAt = (p: Payment): number => {
  if (p.reconciledAt) return Date.parse(p.reconciledAt) + recheckAfterMs;
  const from = Date.parse(p.updatedAt);
  const end = Math.min(Date.parse(p.expiresAt ?? p.updatedAt), from + workflowSpanMs);
  return Math.max(end, from) + firstCheckAfterMs;
};

/** The earlier of the next status check and the next notification retry. */
export const nextCheckAt = (p: Payment): string =>
  new Date(Math.min(statusCheckAt(p), ...(p.outbox ?? []).map((e) => Date.parse(e.nextAttemptAt)))).toISOString();
