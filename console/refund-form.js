import { useState } from 'preact/hooks';
import { call, newIdempotencyKey, session } from './api.js';
import { fenToYuanInput, parseYuan } from './money.js';
import { html, Money, ProblemNote, useT } from './ui.js';

/** What is left to refund: pending refunds count as refunded, as the API counts them. */
export const refundableOf = (payment, refunds) =>
  payment.amount -
  payment.amountRefunded -
  refunds.filter((r) => r.status === 'pending' || r.status === 'needs_review').reduce((sum, r) => sum + r.amount, 0);

/**
 * A refund at the desk: the amount typed in yuan becomes integer fen exactly, a second press confirms, and the
 * provider's refund rules are spelled out, with the API's own sentence when it refuses.
 */
export const RefundForm = ({ payment, refunds, onRefunded }) => {
  const t = useT();
  const refundable = refundableOf(payment, refunds);
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const [confirming, setConfirming] = useState(undefined);
  const [state, setState] = useState({ busy: false, error: undefined, invalid: undefined, done: undefined });
  // One key per refund a person starts: pressing again after a lost answer replays it instead of refunding twice.
  const [idempotencyKey, setIdempotencyKey] = useState(newIdempotencyKey);

  const check = (e) => {
    e.preventDefault();
    const fen = parseYuan(amount);
    let invalid;
    if (fen === null || fen < 1) invalid = 'refund.invalidAmount';
    else if (fen > refundable) invalid = 'refund.tooMuch';
    setState({ busy: false, error: undefined, invalid, done: undefined });
    setConfirming(invalid ? undefined : fen);
  };

  const send = async () => {
    setState({ busy: true, error: undefined, invalid: undefined, done: undefined });
    try {
      const refund = await call('POST', `v1/payments/${encodeURIComponent(payment.id)}/refunds`, {
        body: {
          amount: confirming,
          ...(reason.trim() ? { reason: reason.trim() } : {}),
          ...(session.operator ? { operator: session.operator } : {}),
        },
        idempotencyKey,
      });
      setIdempotencyKey(newIdempotencyKey());
      setAmount('');
      setReason('');
      setConfirming(undefined);
      setState({ busy: false, error: undefined, invalid: undefined, done: refund });
      onRefunded();
    } catch (error) {
      // A refusal (4xx) is final for this key; after a server error the same key is kept, so a retry is safe.
      if (error.status >= 400 && error.status < 500) setIdempotencyKey(newIdempotencyKey());
      setConfirming(undefined);
      setState({ busy: false, error, invalid: undefined, done: undefined });
    }
  };

  const rule = t(`refundRule.${payment.provider}`);
  return html`<form class="refund" onSubmit=${check} method="post" novalidate>
    <h3>${t('refund.title')}</h3>
    <p>${t('refund.refundable')} <${Money} fen=${refundable} /></p>
    <p class="hint">${rule}</p>
    <label for="refund-amount">${t('refund.amount')}</label>
    <div class="inline">
      <input id="refund-amount" inputmode="decimal" autocomplete="off" value=${amount}
        onInput=${(e) => {
          setAmount(e.currentTarget.value);
          setConfirming(undefined);
        }}
        aria-describedby="refund-amount-hint" />
      <button type="button" class="secondary" onClick=${() => {
        setAmount(fenToYuanInput(refundable));
        setConfirming(undefined);
      }}>${t('refund.all')}</button>
    </div>
    <p id="refund-amount-hint" class="hint">${t('refund.amountHint')}</p>
    <label for="refund-reason">${t('refund.reason')}</label>
    <input id="refund-reason" maxlength="256" autocomplete="off" value=${reason}
      onInput=${(e) => setReason(e.currentTarget.value)} />
    ${state.invalid ? html`<p class="problem" role="alert">${t(state.invalid)}</p>` : null}
    <${ProblemNote} error=${state.error} hint=${state.error?.code === 'provider_rule' ? rule : undefined} />
    ${
      state.done
        ? html`<p class="ok" role="status">
            ${t('refund.done', { status: t(`refundStatus.${state.done.status}`) })} <${Money} fen=${state.done.amount} />
          </p>`
        : null
    }
    ${
      confirming === undefined
        ? html`<button type="submit" disabled=${state.busy || refundable < 1}>${t('refund.submit')}</button>`
        : html`<div class="confirm" role="group" aria-label=${t('refund.confirmLabel')}>
            <button type="button" class="danger" onClick=${send} disabled=${state.busy}>
              ${state.busy ? t('common.working') : t('refund.confirm')} <${Money} fen=${confirming} />
            </button>
            <button type="button" class="secondary" onClick=${() => setConfirming(undefined)}>${t('common.no')}</button>
          </div>`
    }
  </form>`;
};
