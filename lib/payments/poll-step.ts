import { ProviderError, ProviderTimeoutError, ProviderUnavailableError } from '../domain/errors';
import { isAwaitingProvider, type PaymentStatus } from '../domain/status';
import type { PaymentDeps } from './deps';
import { syncPayment } from './sync-payment';

export interface PollStepResult {
  status: PaymentStatus | 'missing';
  /** The payment no longer waits on its provider: the workflow ends. */
  final: boolean;
  /** The polling deadline has passed: the workflow cancels at the provider. */
  expired: boolean;
}

const isProviderSilence = (error: unknown) =>
  error instanceof ProviderTimeoutError || error instanceof ProviderUnavailableError || error instanceof ProviderError;

/**
 * One poll: read the payment (a repay since this workflow started hands the payment to a newer workflow) (a webhook or the caller may have finished it), ask the provider, apply.
 * A provider that does not answer this time is polled again next time; other errors go to the workflow's Retry.
 */
export const pollStep = async (
  deps: PaymentDeps,
  input: { paymentId: string; deadline: string; startedAt?: string },
): Promise<PollStepResult> => {
  const p = await deps.repo.get(input.paymentId);
  if (!p) return { status: 'missing', final: true, expired: false };
  if (p.repaidAt && input.startedAt && p.repaidAt > input.startedAt) {
    return { status: p.status, final: true, expired: false };
  }
  let status = p.status;
  if (isAwaitingProvider(status)) {
    try {
      status = (await syncPayment(deps, p, 'poller')).status;
    } catch (error) {
      if (!isProviderSilence(error)) throw error;
      deps.logger.warn('provider gave no answer to a poll', { paymentId: p.id, error: (error as Error).message });
    }
  }
  const final = !isAwaitingProvider(status);
  return { status, final, expired: !final && deps.clock().getTime() >= Date.parse(input.deadline) };
};
