import { InvalidStateError, NotFoundError, ProviderError, ProviderUnavailableError } from '../domain/errors';
import { type EventSource, type Payment, toPaymentResource } from '../domain/payment';
import { isStickyReview } from '../domain/review';
import { isAwaitingProvider } from '../domain/status';
import { transition } from '../domain/transition';
import type { CancelOutcome, PaymentProvider } from '../providers/provider';
import { nowIso, type PaymentDeps, providerOf } from './deps';
import { recordAfterCall } from './record-after-call';
import { syncPayment } from './sync-payment';

type ClosingOutcome = Exclude<CancelOutcome, { outcome: 'refused_state' }>;

/**
 * Applies a cancel's answer to the payment as it stands now, which may have moved while the cancel was on its way:
 * a cancel that succeeded on a payment we hold as paid reversed the payer's money (a person must look); a closed
 * order at a provider that can still take money after a close is watched for a day.
 */
const applyCancel = (
  p: Payment,
  outcome: ClosingOutcome,
  reason: 'caller' | 'timeout',
  source: EventSource,
  at: string,
  provider: PaymentProvider,
): Payment => {
  const moneyHeld = p.status === 'paid' || p.status === 'partially_refunded';
  const unknownReview = p.status === 'needs_review' && !isStickyReview(p.reviewReason);
  if (outcome.outcome === 'needs_review') {
    if (!isAwaitingProvider(p.status) && !moneyHeld) return p;
    return transition(p, {
      to: 'needs_review',
      source,
      at,
      patch: { failure: outcome.failure },
      data: { reason: moneyHeld ? 'cancel_unknown' : outcome.reason, cancel: reason },
    });
  }
  if (moneyHeld) {
    return transition(p, {
      to: 'needs_review',
      source,
      at,
      data: { reason: outcome.outcome === 'canceled' ? 'reversed_after_paid' : 'provider_disagrees', cancel: reason },
    });
  }
  if (!isAwaitingProvider(p.status) && !unknownReview) return p;
  const closed = transition(p, {
    to: 'canceled',
    source,
    at,
    patch: { cancelReason: reason },
    data: { cancel: outcome.outcome },
  });
  return provider.moneyAfterClose ? { ...closed, watch: { closedAt: at, checks: 0 } } : closed;
};

const alreadyAttempted = 'The provider accepts one cancel per order, and it was already attempted.';

/** A provider that takes one cancel per order gets the attempt written before the call, so it is never sent twice. */
const recordCancelAttempt = async (deps: PaymentDeps, p: Payment, provider: PaymentProvider): Promise<Payment> => {
  if (!provider.cancelOnce) return p;
  return deps.repo.mutate(p.id, (cur) => {
    if (cur.cancelAttemptedAt) throw new InvalidStateError(alreadyAttempted);
    if (!isAwaitingProvider(cur.status)) throw new InvalidStateError(`A ${cur.status} payment cannot be canceled.`);
    return { ...cur, cancelAttemptedAt: nowIso(deps) };
  });
};

/** Nothing reached the provider: the one allowed attempt was not used. */
const forgetCancelAttempt = (deps: PaymentDeps, p: Payment, provider: PaymentProvider) =>
  provider.cancelOnce ? deps.repo.mutate(p.id, (cur) => ({ ...cur, cancelAttemptedAt: null })) : Promise.resolve(p);

const refusedBecause = (synced: Payment, why: string) =>
  new InvalidStateError(`The provider refused to cancel (${why}); the payment is ${synced.status}.`, {
    payment: toPaymentResource(synced),
  });

/**
 * The caller closes an unpaid payment (Shouqianba 撤单, TCC cancel, Zhixiao cancel). A refusal because of the order's
 * state means the payer may just have paid: the provider is asked and its answer applied, and the caller gets 409
 * with the payment as it now stands. Another definite error is a 502 that leaves the payment waiting (TCC's one
 * attempt is spent; at the deadline such a payment goes to review).
 */
export const cancelPayment = async (
  deps: PaymentDeps,
  tenantId: string,
  paymentId: string,
): Promise<{ payment: Payment; statusCode: 200 | 202 }> => {
  const found = await deps.repo.getForTenant(paymentId, tenantId);
  if (!found) throw new NotFoundError('payment');
  if (!isAwaitingProvider(found.status)) {
    throw new InvalidStateError(`A ${found.status} payment cannot be canceled.`, {
      payment: toPaymentResource(found),
    });
  }
  const provider = await providerOf(deps, found);
  const p = await recordCancelAttempt(deps, found, provider);
  let outcome: CancelOutcome;
  try {
    outcome = await provider.cancel(p);
  } catch (error) {
    if (error instanceof ProviderUnavailableError) await forgetCancelAttempt(deps, p, provider);
    if (error instanceof ProviderError) {
      const synced = await syncPayment(deps, p, 'api').catch(() => p);
      if (!isAwaitingProvider(synced.status)) throw refusedBecause(synced, error.providerCode);
    }
    throw error;
  }
  if (outcome.outcome === 'refused_state') {
    const synced = await syncPayment(deps, p, 'api').catch(() => p);
    throw refusedBecause(synced, outcome.failure.code);
  }
  const closing = outcome;
  const { value: payment } = await recordAfterCall(
    deps,
    { paymentId: p.id, step: 'cancel' },
    () => deps.repo.mutate(p.id, (cur) => applyCancel(cur, closing, 'caller', 'api', nowIso(deps), provider)),
    p,
  );
  return { payment, statusCode: payment.status === 'canceled' ? 200 : 202 };
};

/**
 * The polling deadline passed: cancel at the provider (`timeout`). A refused cancel means the order moved on, so its
 * state is read once more; anything still open after that goes to `needs_review`. A payment whose deadline was moved
 * (a repay) since the workflow looked is left alone, and so is one whose cancel could not be sent (the reconciler
 * tries again).
 */
export const expirePayment = async (
  deps: PaymentDeps,
  paymentId: string,
  source: EventSource = 'poller',
): Promise<Payment | undefined> => {
  const p = await deps.repo.get(paymentId);
  if (!p || !isAwaitingProvider(p.status)) return p;
  if (p.expiresAt && Date.parse(p.expiresAt) > deps.clock().getTime()) return p;
  const provider = await providerOf(deps, p);
  let outcome: ClosingOutcome;
  if (provider.cancelOnce && p.cancelAttemptedAt) {
    outcome = {
      outcome: 'needs_review',
      failure: { code: 'CANCEL_ALREADY_ATTEMPTED', message: alreadyAttempted },
      reason: 'cancel_unknown',
    };
  } else {
    let answer: CancelOutcome | Error;
    try {
      answer = await provider.cancel(await recordCancelAttempt(deps, p, provider));
    } catch (error) {
      if (error instanceof InvalidStateError) return deps.repo.get(paymentId);
      if (error instanceof ProviderUnavailableError) return forgetCancelAttempt(deps, p, provider);
      answer = error as Error;
    }
    if (answer instanceof Error || answer.outcome === 'refused_state') {
      const synced = await syncPayment(deps, p, source).catch(() => p);
      if (!isAwaitingProvider(synced.status)) return synced;
      const failure = answer instanceof Error ? { code: 'CANCEL_REFUSED', message: answer.message } : answer.failure;
      outcome = { outcome: 'needs_review', failure, reason: 'cancel_unknown' };
    } else {
      outcome = answer;
    }
  }
  const closing = outcome;
  return deps.repo.mutate(p.id, (cur) => applyCancel(cur, closing, 'timeout', source, nowIso(deps), provider));
};

/** The workflow gave up on a payment after repeated task errors: a person must look. */
export const flagForReview = async (deps: PaymentDeps, paymentId: string, cause: string): Promise<Payment> =>
  deps.repo.mutate(paymentId, (p) =>
    isAwaitingProvider(p.status)
      ? transition(p, {
          to: 'needs_review',
          source: 'poller',
          at: nowIso(deps),
          data: { reason: 'poller_error', cause },
        })
      : p,
  );
