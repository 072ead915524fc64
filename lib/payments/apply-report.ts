import type { EventSource, Payment } from '../domain/payment';
import { isStickyReview, type ReviewReason } from '../domain/review';
import type { PaymentStatus } from '../domain/status';
import { appendEvent, transition } from '../domain/transition';
import type { QueryOutcome } from '../providers/provider';
import { settleRefundsFromBooks } from './refund-ledger';

/** Where a provider report comes from and what the provider's reports can say. */
export interface ReportContext {
  source: EventSource;
  /** Now. */
  at: string;
  /** When the question was sent: a refund call that ended before it is answered for by this report. */
  askedAt: string;
  /** The provider's query reports refunds; where it does not, "paid" agrees with refunds we made. */
  reportsRefunds: boolean;
  /** The provider can take money on an order after it closed it: a close it reports is watched for money. */
  watchesAfterClose: boolean;
}

type Said = PaymentStatus | 'not_found';

const saidOf = (report: QueryOutcome): Said => (report.found ? report.status : 'not_found');

const sameRefs = (a: object, b: object) => JSON.stringify(a) === JSON.stringify(b);

/** Takes the provider's refs and remembers what it said when that differs from its last report (no write per poll). */
const remember = (p: Payment, report: QueryOutcome, at: string): Payment => {
  let next = p;
  if (report.found) {
    const refs = { ...p.providerRefs, ...report.refs };
    if (!sameRefs(refs, p.providerRefs)) next = { ...next, providerRefs: refs };
  }
  const status = saidOf(report);
  const refundedAmount = report.found ? report.refundedAmount : undefined;
  const last = p.providerReport;
  if (last && last.status === status && last.refundedAmount === refundedAmount) return next;
  return { ...next, providerReport: { status, at, ...(refundedAmount === undefined ? {} : { refundedAmount }) } };
};

const review = (p: Payment, reason: ReviewReason, ctx: ReportContext, said: Said): Payment =>
  transition(p, { to: 'needs_review', source: ctx.source, at: ctx.at, data: { reason, providerStatus: said } });

/** A report that changes no status is history: recorded once per change of what the provider says, never notified. */
const recordOnly = (before: Payment, known: Payment, ctx: ReportContext, said: Said): Payment =>
  known.providerReport === before.providerReport
    ? known
    : appendEvent(known, {
        type: 'payment.provider_reported',
        source: ctx.source,
        at: ctx.at,
        from: known.status,
        to: known.status,
        data: {
          providerStatus: said,
          ...(known.providerReport?.refundedAmount === undefined
            ? {}
            : { refundedAmount: known.providerReport.refundedAmount }),
        },
      });

/** The provider's verdict on an order whose outcome we do not know yet (created, pending, or unknown review). */
/**
 * A create call cannot run longer than this (the provider timeout, inside the function's own): a payment created
 * longer ago whose call end was never recorded (the process died) has had its call end too.
 */
export const createCallWindowMs = 5 * 60 * 1000;

/** The create's provider call had ended when the provider was asked, so a "no such order" then is proof. */
export const createCallEndedBefore = (p: Payment, askedAt: string): boolean =>
  p.createCallEndedAt
    ? p.createCallEndedAt < askedAt
    : Date.parse(p.createdAt) + createCallWindowMs < Date.parse(askedAt);

const settleOutcome = (p: Payment, report: QueryOutcome, ctx: ReportContext): Payment | undefined => {
  const base = { source: ctx.source, at: ctx.at, data: { providerStatus: saidOf(report) } };
  if (!report.found) {
    // Asked while the create may still have been on its way there: the order may exist by now.
    if (!createCallEndedBefore(p, ctx.askedAt)) return p;
    return transition(p, {
      ...base,
      to: 'failed',
      patch: { failure: { code: 'ORDER_NOT_FOUND', message: 'The provider holds no such order.' } },
    });
  }
  switch (report.status) {
    case 'paid':
      return transition(p, { ...base, to: 'paid', patch: { paidAt: report.paidAt ?? ctx.at } });
    case 'failed':
      return transition(p, {
        ...base,
        to: 'failed',
        ...(report.failure ? { patch: { failure: report.failure } } : {}),
      });
    case 'canceled': {
      const closed = transition(p, { ...base, to: 'canceled', patch: { cancelReason: p.cancelReason ?? 'provider' } });
      return ctx.watchesAfterClose ? { ...closed, watch: { closedAt: ctx.at, checks: 0 } } : closed;
    }
    default:
      return undefined;
  }
};

const whileWaiting = (p: Payment, report: QueryOutcome, ctx: ReportContext): Payment => {
  const settled = settleOutcome(p, report, ctx);
  if (settled) return settled;
  const said = saidOf(report);
  if (said === 'pending' || said === 'created') {
    return p.status === 'created' ? transition(p, { to: 'pending', source: ctx.source, at: ctx.at }) : p;
  }
  if (said === 'needs_review') {
    const failure = report.found ? report.failure : undefined;
    return transition(p, {
      to: 'needs_review',
      source: ctx.source,
      at: ctx.at,
      ...(failure ? { patch: { failure } } : {}),
      data: { reason: 'pay_unknown', providerStatus: said },
    });
  }
  return review(p, 'provider_disagrees', ctx, said);
};

/**
 * What the provider has refunded on the order: its own figure where it gives one; for a bare "refunded" (TCC), every
 * refund we asked for, read from the payment as it stands now; undefined when nothing of ours explains it.
 */
const refundedTotal = (p: Payment, status: PaymentStatus, reported: number | undefined): number | undefined => {
  if (reported !== undefined) return reported;
  if (status === 'paid') return 0;
  const asked = p.amountRefunded + p.amountRefundPending;
  return asked > 0 ? asked : undefined;
};

const afterPayment = (before: Payment, p: Payment, report: QueryOutcome, ctx: ReportContext): Payment => {
  const said = saidOf(report);
  if (!report.found) return review(p, 'provider_disagrees', ctx, said);
  switch (report.status) {
    case 'paid':
    case 'partially_refunded':
    case 'refunded': {
      if (!ctx.reportsRefunds) return report.status === 'paid' ? p : review(p, 'provider_disagrees', ctx, said);
      const total = refundedTotal(p, report.status, report.refundedAmount);
      if (total === undefined) return review(p, 'provider_disagrees', ctx, said);
      const settled = settleRefundsFromBooks(p, total, ctx.source, ctx.at, ctx.askedAt);
      return settled.agrees ? settled.payment : review(settled.payment, 'provider_disagrees', ctx, said);
    }
    case 'canceled':
      // A cancel the payer raced: the provider reversed money we hold as received.
      return review(p, 'reversed_after_paid', ctx, said);
    case 'needs_review':
      // The provider's own books are unsettled while a refund of ours is open: the refund rules settle it.
      return p.refunds.some((r) => r.status === 'pending')
        ? recordOnly(before, p, ctx, said)
        : review(p, 'provider_disagrees', ctx, said);
    default:
      return review(p, 'provider_disagrees', ctx, said);
  }
};

const afterCancel = (before: Payment, p: Payment, report: QueryOutcome, ctx: ReportContext): Payment => {
  const said = saidOf(report);
  if (said === 'paid' || said === 'partially_refunded' || said === 'refunded') {
    return review({ ...p, watch: null }, 'paid_after_cancel', ctx, said);
  }
  return said === 'needs_review' ? recordOnly(before, p, ctx, said) : p;
};

const duringReview = (before: Payment, p: Payment, report: QueryOutcome, ctx: ReportContext): Payment => {
  const said = saidOf(report);
  if (isStickyReview(p.reviewReason)) return recordOnly(before, p, ctx, said);
  const settled = settleOutcome(p, report, ctx);
  if (settled) return settled;
  if (said === 'partially_refunded' || said === 'refunded') {
    // Refunds we never made: no longer an unknown outcome but a disagreement, which only a person ends.
    return appendEvent(
      { ...p, reviewReason: 'provider_disagrees', updatedAt: ctx.at },
      {
        type: 'payment.review_reason_changed',
        source: ctx.source,
        at: ctx.at,
        from: p.status,
        to: p.status,
        data: { reason: 'provider_disagrees', previousReason: p.reviewReason, providerStatus: said },
      },
    );
  }
  return recordOnly(before, p, ctx, said);
};

/**
 * Applies what a provider says of an order to our payment — the one rule for polls, refreshes, reconciliation and
 * notifies. Proof settles an unknown outcome; disagreement goes to review; money reported after a cancel is never
 * silently accepted; a review only a person may end stays, with the report kept as history.
 */
export const applyReport = (p: Payment, report: QueryOutcome, ctx: ReportContext): Payment => {
  const known = remember(p, report, ctx.at);
  switch (p.status) {
    case 'created':
    case 'pending':
      return whileWaiting(known, report, ctx);
    case 'paid':
    case 'partially_refunded':
      return afterPayment(p, known, report, ctx);
    case 'canceled':
      return afterCancel(p, known, report, ctx);
    case 'needs_review':
      return duringReview(p, known, report, ctx);
    case 'failed':
    case 'refunded':
      return saidOf(report) === p.status || (p.status === 'failed' && saidOf(report) === 'not_found')
        ? known
        : recordOnly(p, known, ctx, saidOf(report));
  }
};
