import { checkCapability } from '../domain/capabilities';
import { ProviderError, ProviderTimeoutError, ProviderUnavailableError, SignatureError } from '../domain/errors';
import { newId } from '../domain/ids';
import type { Payment, ProviderName, Scene, Wallet } from '../domain/payment';
import { isAwaitingProvider } from '../domain/status';
import { transition } from '../domain/transition';
import type { CreateOutcome } from '../providers/provider';
import { nowIso, type PaymentDeps } from './deps';
import { recordAfterCall } from './record-after-call';

export interface CreatePaymentInput {
  provider: ProviderName;
  scene: Scene;
  wallet?: Wallet | undefined;
  amount: number;
  merchantOrderNo: string;
  subject: string;
  authCode?: string | undefined;
  operator?: string | undefined;
  notifyUrl?: string | undefined;
  metadata?: Record<string, string> | undefined;
  tcc?: Record<string, unknown> | undefined;
  zhixiao?: Record<string, unknown> | undefined;
  shouqianba?: Record<string, unknown> | undefined;
}

export interface CreatePaymentResult {
  payment: Payment;
  /** 201 when the provider's answer is known, 202 when it is not (yet). */
  statusCode: 201 | 202;
}

const newPayment = (tenantId: string, input: CreatePaymentInput, at: string, expiresAt: string): Payment => {
  const id = newId('pay', Date.parse(at));
  return {
    id,
    tenantId,
    provider: input.provider,
    scene: input.scene,
    wallet: input.wallet ?? null,
    amount: input.amount,
    amountRefunded: 0,
    amountRefundPending: 0,
    currency: 'CNY',
    merchantOrderNo: input.merchantOrderNo,
    subject: input.subject,
    status: 'created',
    cancelReason: null,
    action: null,
    providerRefs: {},
    failure: null,
    metadata: input.metadata ?? {},
    notifyUrl: input.notifyUrl ?? null,
    operator: input.operator ?? null,
    providerInput: {
      ...(input.tcc ? { tcc: input.tcc } : {}),
      ...(input.zhixiao ? { zhixiao: input.zhixiao } : {}),
      ...(input.shouqianba ? { shouqianba: input.shouqianba } : {}),
    },
    createdAt: at,
    updatedAt: at,
    paidAt: null,
    expiresAt,
    refunds: [],
    events: [
      {
        id: newId('evt'),
        type: 'payment.created',
        paymentId: id,
        at,
        source: 'api',
        from: null,
        to: 'created',
        data: {},
      },
    ],
    version: 0,
  };
};

/** The create answer is the provider's first report on the order: later polls that repeat it write nothing. */
const firstReport = (outcome: CreateOutcome, at: string): Payment['providerReport'] =>
  outcome.outcome === 'pending' || outcome.outcome === 'paid' || outcome.outcome === 'failed'
    ? { status: outcome.outcome, at }
    : null;

/** Applies what the provider answered to create; `unknown` leaves the payment `created` for polling. */
const applyCreateOutcome = (p: Payment, outcome: CreateOutcome, at: string): Payment => {
  const answer = applyCreateAnswer(p, outcome, at);
  // Without an answer the request may still reach the provider: its end is left to the call window.
  const next = outcome.outcome === 'unknown' && outcome.noAnswer ? answer : { ...answer, createCallEndedAt: at };
  const providerReport = firstReport(outcome, at);
  return providerReport ? { ...next, providerReport } : next;
};

const applyCreateAnswer = (p: Payment, outcome: CreateOutcome, at: string): Payment => {
  const base = { source: 'api' as const, at };
  switch (outcome.outcome) {
    case 'pending':
      return transition(p, {
        ...base,
        to: 'pending',
        patch: {
          providerRefs: outcome.refs,
          action: outcome.action,
          ...(outcome.expiresAt ? { expiresAt: outcome.expiresAt } : {}),
        },
      });
    case 'paid':
      return transition(p, {
        ...base,
        to: 'paid',
        patch: { providerRefs: outcome.refs, paidAt: outcome.paidAt ?? at },
      });
    case 'failed':
      return transition(p, { ...base, to: 'failed', patch: { providerRefs: outcome.refs, failure: outcome.failure } });
    case 'needs_review':
      return transition(p, {
        ...base,
        to: 'needs_review',
        patch: { providerRefs: outcome.refs, failure: outcome.failure },
        data: { reason: outcome.reason },
      });
    case 'unknown':
      return p;
  }
};

/**
 * Records the payment as `created` before calling the provider (so no money can sit at a provider without a
 * record here), then applies the answer and starts status polling while the outcome is open. A definite error
 * answer (502) or an unreachable provider (503) leaves nothing behind and the merchantOrderNo free.
 */
export const createPayment = async (
  deps: PaymentDeps,
  tenantId: string,
  input: CreatePaymentInput,
): Promise<CreatePaymentResult> => {
  const { provider, account } = await deps.providers.current(tenantId, input.provider);
  const at = nowIso(deps);
  const plan = deps.pollPlan(input.provider, input.scene);
  const expiresAt = new Date(Date.parse(at) + plan.timeoutSeconds * 1000).toISOString();
  const draft: Payment = { ...newPayment(tenantId, input, at, expiresAt), account };
  checkCapability(draft.provider, draft.scene, draft.wallet);
  provider.checkCreate(draft);
  await deps.repo.insert(draft);

  let outcome: CreateOutcome;
  let untrusted: SignatureError | undefined;
  try {
    outcome = await provider.create(draft, input.authCode);
  } catch (error) {
    // Nothing was sent, or the provider definitely refused: no order exists there, so nothing is kept here.
    if (error instanceof ProviderUnavailableError || error instanceof ProviderError) {
      await deps.repo.discardUnsent(draft);
      throw error;
    }
    if (error instanceof SignatureError) untrusted = error;
    deps.logger.error('create call ended without a usable answer; polling will resolve it', {
      paymentId: draft.id,
      error: (error as Error).message,
    });
    outcome = {
      outcome: 'unknown',
      reason: (error as Error).message,
      ...(error instanceof ProviderTimeoutError ? { noAnswer: true as const } : {}),
    };
  }

  const { value: payment, recorded } = await recordAfterCall(
    deps,
    { paymentId: draft.id, step: 'create' },
    // The payment is written as it was inserted (version 0) without a read, unless a notify or a poll got there first.
    () => deps.repo.mutate(draft.id, (p) => applyCreateOutcome(p, outcome, nowIso(deps)), { held: draft }),
    draft,
  );
  if (isAwaitingProvider(payment.status)) await startPolling(deps, payment);
  // An answer that fails its signature is never success: the payment stays `created` for polling, the caller gets 502.
  if (untrusted) throw untrusted;
  return { payment, statusCode: outcome.outcome === 'unknown' || !recorded ? 202 : 201 };
};

/** Starts the poller; a failure to start is logged, and the reconciler picks the open payment up later. */
export const startPolling = async (deps: PaymentDeps, p: Payment): Promise<void> => {
  try {
    await deps.poller.start(p, deps.pollPlan(p.provider, p.scene));
  } catch (error) {
    deps.logger.error('could not start the status workflow; the reconciler will cover it', { paymentId: p.id, error });
  }
};
