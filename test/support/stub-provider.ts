import { Logger } from '@aws-lambda-powertools/logger';
import type { Payment } from '../../lib/domain/payment';
import type { PaymentDeps } from '../../lib/payments/deps';
import type { PaymentProvider } from '../../lib/providers/provider';
import type { PaymentsRepository } from '../../lib/store/payments-repository';

/** A provider whose every answer a unit test scripts; unscripted calls fail the test loudly. */
export const stubProvider = (over: Partial<PaymentProvider> = {}): PaymentProvider & { calls: string[] } => {
  const calls: string[] = [];
  const unscripted = (op: string) => async () => {
    throw new Error(`unscripted provider call: ${op}`);
  };
  return {
    name: 'shouqianba',
    cancelOnce: false,
    queryReportsRefunds: true,
    refundRepeatIsSafe: false,
    moneyAfterClose: false,
    checkCreate: () => {},
    checkRefund: () => {},
    create: unscripted('create'),
    query: unscripted('query'),
    cancel: unscripted('cancel'),
    refund: unscripted('refund'),
    ...over,
    calls,
  };
};

/** Use-case dependencies around a real repository and one stub provider, with a fixed clock. */
export const depsWith = (repo: PaymentsRepository, provider: PaymentProvider, now = new Date()): PaymentDeps => ({
  repo,
  providers: {
    forPayment: async () => provider,
    current: async () => ({ provider, account: { version: 1 } }),
    enabled: async () => [provider.name],
  },
  pollPlan: () => ({ intervalSeconds: 1, timeoutSeconds: 60 }),
  poller: { start: async (_: Payment) => {} },
  clock: () => now,
  logger: new Logger({ serviceName: 'paybridge-test', logLevel: 'SILENT' }),
});
