import type { Logger } from '@aws-lambda-powertools/logger';
import { UnsupportedMethodError } from '../domain/errors';
import type { Payment, ProviderName, Scene } from '../domain/payment';
import type { PaymentProvider } from '../providers/provider';
import type { PaymentsRepository } from '../store/payments-repository';

/** How long and how often a pending payment is polled before it is canceled. */
export interface PollPlan {
  intervalSeconds: number;
  timeoutSeconds: number;
}

/** Starts the status workflow for a payment still waiting on its provider. */
export interface Poller {
  start(p: Payment, plan: PollPlan): Promise<void>;
}

export interface PaymentDeps {
  repo: PaymentsRepository;
  providers: Partial<Record<ProviderName, PaymentProvider>>;
  pollPlan: (provider: ProviderName, scene: Scene) => PollPlan;
  poller: Poller;
  clock: () => Date;
  logger: Logger;
}

export const providerFor = (deps: PaymentDeps, name: ProviderName): PaymentProvider => {
  const provider = deps.providers[name];
  if (!provider) {
    const enabled = Object.keys(deps.providers).join(', ') || 'none';
    throw new UnsupportedMethodError(`Provider ${name} is not enabled in this deployment (enabled: ${enabled}).`);
  }
  return provider;
};

export const nowIso = (deps: Pick<PaymentDeps, 'clock'>): string => deps.clock().toISOString();
