import { InvalidStateError, NotFoundError, ProviderError } from '../domain/errors';
import type { EventSource, Payment } from '../domain/payment';
import { isAwaitingProvider } from '../domain/status';
import { transition } from '../domain/transition';
import type { CancelOutcome, PaymentProvider } from '../providers/provider';
import { nowIso, type PaymentDeps, providerFor } from './deps';
import { syncPayment } from './sync-payment';

const applyCancel = (
  p: Payment,
  outcome: CancelOutcome,
  reason: 'caller' | 'timeout',
  source: EventSource,
  at: string,
) => {
  if (!isAwaitingProvider(p.status)) return p;
  if (outcome.outcome === 'needs_review') {
    return transition(p, {
      to: 'needs_review',
      source,
      at,
      patch: { failure: outcome.failure },
      data: { reason: 'cancel_unknown' },
    });
  }
  return transition(p, {
    to: 'canceled',
    source,
    at,
    patch: { cancelReason: reason },
    data: { cancel: outcome.outcome },
  });
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

/** The caller closes an unpaid payment (Shouqianba 撤单, TCC cancel, Zhixiao cancel). */
export const cancelPayment = async (
  deps: PaymentDeps,
  tenantId: string,
  paymentId: string,
): Promise<{ payment: Payment; statusCode: 200 | 202 }> => {
  const found = await deps.repo.getForTenant(paymentId, tenantId);
  if (!found) throw new NotFoundError('payment');
  if (!isAwaitingProvider(found.status)) throw new InvalidStateError(`A ${found.status} payment cannot be canceled.`);
  const provider = providerFor(deps, found.provider);
  const p = await recordCancelAttempt(deps, found, provider);
  let outcome: CancelOutcome;
  try {
    outcome = await provider.cancel(p);
  } catch (error) {
    if (error instanceof ProviderError) {
      const synced = await syncPayment(deps, p, 'api').catch(() => p);
      throw new InvalidStateError(
        `The provider refused to cancel (${error.providerCode}); the payment is ${synced.status}.`,
      );
    }
    throw error;
  }
  const payment = await deps.repo.mutate(p.id, (cur) => applyCancel(cur, outcome, 'caller', 'api', nowIso(deps)));
  return { payment, statusCode: outcome.outcome === 'needs_review' ? 202 : 200 };
};

/**
 * The polling deadline passed: cancel at the provider (`timeout`). A refused cancel means the order moved on,
 * so its state is read once more; anything still open after that goes to `needs_review`. A payment whose
 * deadline was moved (a repay) since the workflow looked is left alone.
 */
export const expirePayment = async (
  deps: PaymentDeps,
  paymentId: string,
  source: EventSource = 'poller',
): Promise<Payment | undefined> => {
  const p = await deps.repo.get(paymentId);
  if (!p || !isAwaitingProvider(p.status)) return p;
  if (p.expiresAt && Date.parse(p.expiresAt) > deps.clock().getTime()) return p;
  const provider = providerFor(deps, p.provider);
  let outcome: CancelOutcome;
  if (provider.cancelOnce && p.cancelAttemptedAt) {
    outcome = { outcome: 'needs_review', failure: { code: 'CANCEL_ALREADY_ATTEMPTED', message: alreadyAttempted } };
  } else {
    try {
      outcome = await provider.cancel(await recordCancelAttempt(deps, p, provider));
    } catch (error) {
      const synced = await syncPayment(deps, p, source).catch(() => p);
      if (!isAwaitingProvider(synced.status)) return synced;
      outcome = { outcome: 'needs_review', failure: { code: 'CANCEL_REFUSED', message: (error as Error).message } };
    }
  }
  return deps.repo.mutate(p.id, (cur) => applyCancel(cur, outcome, 'timeout', source, nowIso(deps)));
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
