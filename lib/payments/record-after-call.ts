import { isStoreUnavailable } from '../store/store-errors';
import type { PaymentDeps } from './deps';

/**
 * Writes what a provider call came to. When the store is busy the provider's part is done all the same, so the
 * caller is not told 500: it gets `kept` (the payment or refund as stored before the call, an open outcome, 202),
 * and polling or reconciliation records the answer from the provider's books later.
 */
export const recordAfterCall = async <T>(
  deps: Pick<PaymentDeps, 'logger'>,
  what: { paymentId: string; step: string },
  write: () => Promise<T>,
  kept: T,
): Promise<{ value: T; recorded: boolean }> => {
  try {
    return { value: await write(), recorded: true };
  } catch (error) {
    if (!isStoreUnavailable(error)) throw error;
    deps.logger.warn('the store refused the write after a provider call; polling will record it', {
      ...what,
      error: (error as Error).message,
    });
    return { value: kept, recorded: false };
  }
};
