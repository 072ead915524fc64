import type { OutboxEntry, Payment } from '../domain/payment';
import { isStickyReview } from '../domain/review';
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

/**
 * When a canceled payment is checked for money arriving after its close, counted from the close: 1 min, 5 min,
 * 15 min, 1 h, 3 h, 6 h, 12 h and 24 h. After the last check the watch ends.
 */
export const watchScheduleMs = [1, 5, 15, 60, 180, 360, 720, 1440].map((minutes) => minutes * 60_000);

/** A canceled payment still watched for money (API.md: 24 h after a cancel). */
export const isWatched = (p: Payment): boolean =>
  p.status === 'canceled' && !!p.watch && p.watch.checks < watchScheduleMs.length;

/**
 * Payments whose state the reconciler must still ask the provider about: outcome unknown (waiting, or in a review
 * that provider proof may settle), a refund pending, or a canceled order watched for money. A review only a person
 * can end is not asked about again on the schedule.
 */
export const needsProviderCheck = (p: Payment): boolean =>
  isAwaitingProvider(p.status) ||
  (p.status === 'needs_review' && !isStickyReview(p.reviewReason)) ||
  p.refunds.some((r) => r.status === 'pending') ||
  isWatched(p);

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
  if (isWatched(p) && p.watch) {
    return Date.parse(p.watch.closedAt) + (watchScheduleMs[p.watch.checks] as number);
  }
  if (p.reconciledAt) return Date.parse(p.reconciledAt) + recheckAfterMs;
  const from = Date.parse(p.updatedAt);
  const end = Math.min(Date.parse(p.expiresAt ?? p.updatedAt), from + workflowSpanMs);
  return Math.max(end, from) + firstCheckAfterMs;
};

/** A first attempt is the queue's: the reconciler steps in only if it has not happened a minute later. */
const queueGraceMs = 60_000;

/** When the reconciler should queue an outbox entry again: its retry time, or a first attempt the queue missed. */
export const requeueAt = (e: OutboxEntry): number =>
  Date.parse(e.nextAttemptAt) + (e.attempts === 0 ? queueGraceMs : 0);

/** The earlier of the next status check and the next notification the reconciler may have to queue again. */
export const nextCheckAt = (p: Payment): string =>
  new Date(Math.min(statusCheckAt(p), ...(p.outbox ?? []).map(requeueAt))).toISOString();
