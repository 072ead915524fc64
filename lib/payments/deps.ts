import type { Logger } from '@aws-lambda-powertools/logger';
import type { Payment, ProviderName, Scene } from '../domain/payment';
import type { PaymentsRepository } from '../store/payments-repository';
import type { ProviderResolver } from '../tenancy/account-providers';

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
  providers: ProviderResolver;
  pollPlan: (provider: ProviderName, scene: Scene) => PollPlan;
  poller: Poller;
  clock: () => Date;
  logger: Logger;
}

/** The adapter of the provider account the payment was created with. */
export const providerOf = (
  deps: Pick<PaymentDeps, 'providers'>,
  p: Pick<Payment, 'tenantId' | 'provider' | 'account'>,
) => deps.providers.forPayment(p);

export const nowIso = (deps: Pick<PaymentDeps, 'clock'>): string => deps.clock().toISOString();
