import { checkCapability } from '../domain/capabilities';
import { NotFoundError, ProviderError, UnsupportedMethodError, ValidationError } from '../domain/errors';
import type { Payment, Scene, Wallet } from '../domain/payment';
import { appendEvent } from '../domain/transition';
import { startPolling } from './create-payment';
import { nowIso, type PaymentDeps, providerOf } from './deps';
import { recordAfterCall } from './record-after-call';

export interface RepayInput {
  scene?: Scene | undefined;
  wallet?: Wallet | undefined;
  authCode?: string | undefined;
  subject?: string | undefined;
}

/**
 * Re-issues an unpaid order (TCC 支付重调), possibly with another scene or wallet. The payment keeps its id, stays
 * `pending` and gets a fresh polling window; the superseded workflow stops at its next poll.
 */
export const repayPayment = async (
  deps: PaymentDeps,
  tenantId: string,
  paymentId: string,
  input: RepayInput,
): Promise<{ payment: Payment; statusCode: 200 | 202 }> => {
  const p = await deps.repo.getForTenant(paymentId, tenantId);
  if (!p) throw new NotFoundError('payment');
  const provider = await providerOf(deps, p);
  if (!provider.repay) throw new UnsupportedMethodError(`${p.provider} has no repay; only tcc re-issues orders.`);
  const scene = input.scene ?? p.scene;
  const wallet = input.scene || input.wallet ? (input.wallet ?? null) : p.wallet;
  checkCapability(p.provider, scene, wallet);
  if ((scene === 'barcode') !== Boolean(input.authCode)) {
    throw new ValidationError('authCode is required for a barcode repay, and only for one.', [
      {
        path: 'authCode',
        message: scene === 'barcode' ? 'required for the barcode scene' : 'only for the barcode scene',
      },
    ]);
  }
  provider.repay.check(p, deps.clock());
  const subject = input.subject ?? p.subject;
  const outcome = await provider.repay.call(p, { scene, wallet, subject, authCode: input.authCode });
  if (outcome.outcome === 'refused') throw new ProviderError(outcome.failure.code, outcome.failure.message);

  const at = nowIso(deps);
  const timeoutMs = deps.pollPlan(p.provider, scene).timeoutSeconds * 1000;
  const recordRepay = () =>
    deps.repo.mutate(p.id, (cur) => {
      provider.repay?.check(cur, new Date(at));
      const sameMethod = cur.scene === scene && cur.wallet === wallet;
      return appendEvent(
        {
          ...cur,
          scene,
          wallet,
          subject,
          action: sameMethod ? cur.action : null,
          repaidAt: at,
          expiresAt: new Date(Date.parse(at) + timeoutMs).toISOString(),
          updatedAt: at,
        },
        {
          type: 'payment.repaid',
          source: 'api',
          at,
          from: cur.status,
          to: cur.status,
          data: { scene, wallet, outcome: outcome.outcome },
        },
      );
    });
  const { value: payment, recorded } = await recordAfterCall(deps, { paymentId: p.id, step: 'repay' }, recordRepay, p);
  await startPolling(deps, payment);
  return { payment, statusCode: outcome.outcome === 'unknown' || !recorded ? 202 : 200 };
};
