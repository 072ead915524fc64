import { useState } from 'preact/hooks';
import { call, newIdempotencyKey } from './api.js';
import { html, Money, ProblemNote, useT } from './ui.js';

/** The statuses a person may resolve a review to (`POST /v1/payments/{id}/resolve`). */
export const resolveTargets = ['paid', 'failed', 'canceled', 'partially_refunded', 'refunded'];

const isOpen = (refund) => refund.status === 'pending' || refund.status === 'needs_review';

/** The first choice the person has not made yet (the words that ask for it), or undefined. */
const missingChoice = (status, note, open, findings) => {
  if (!status) return 'resolve.needStatus';
  if (!note.trim()) return 'resolve.needNote';
  if (open.some((r) => !findings[r.id])) return 'resolve.needFindings';
  return undefined;
};

/**
 * A person's decision on a payment in review: the status, a note, and for every refund still open what the person
 * found at the provider (succeeded or failed). Every choice is required; nothing is assumed for them.
 */
export const ResolveForm = ({ payment, refunds, onResolved }) => {
  const t = useT();
  const open = refunds.filter(isOpen);
  const [status, setStatus] = useState('');
  const [note, setNote] = useState('');
  const [findings, setFindings] = useState({});
  const [state, setState] = useState({ busy: false, error: undefined, missing: undefined });
  // One key per decision: sending the same decision again (a retry after a lost answer) cannot apply it twice.
  const [idempotencyKey, setIdempotencyKey] = useState(newIdempotencyKey);

  /** A change answers the request for a missing choice, so that request goes away. */
  const choose = (change) => {
    change();
    if (state.missing) setState({ ...state, missing: undefined });
  };

  const submit = async (e) => {
    e.preventDefault();
    const missing = missingChoice(status, note, open, findings);
    if (missing) return setState({ busy: false, error: undefined, missing });
    setState({ busy: true, error: undefined, missing: undefined });
    try {
      await call('POST', `v1/payments/${encodeURIComponent(payment.id)}/resolve`, {
        body: { status, note: note.trim(), ...(open.length ? { refunds: findings } : {}) },
        idempotencyKey,
      });
      setState({ busy: false, error: undefined, missing: undefined });
      onResolved();
    } catch (error) {
      // A refused decision is final for its key; a corrected one is a new decision.
      setIdempotencyKey(newIdempotencyKey());
      setState({ busy: false, error, missing: undefined });
    }
  };

  return html`<form class="resolve" onSubmit=${submit} method="post" novalidate>
    <h3>${t('resolve.title')}</h3>
    <fieldset>
      <legend>${t('resolve.status')}</legend>
      ${resolveTargets.map(
        (s) => html`<label class="choice">
          <input type="radio" name="resolve-status" value=${s} checked=${status === s}
            onChange=${() => choose(() => setStatus(s))} required />
          ${t(`status.${s}`)}
        </label>`,
      )}
    </fieldset>
    ${open.map(
      (r) => html`<fieldset key=${r.id}>
        <legend>${t('resolve.finding', { id: r.refundNo ?? r.id })} <${Money} fen=${r.amount} /></legend>
        ${['succeeded', 'failed'].map(
          (finding) => html`<label class="choice">
            <input type="radio" name=${`finding-${r.id}`} value=${finding} checked=${findings[r.id] === finding}
              onChange=${() => choose(() => setFindings({ ...findings, [r.id]: finding }))} required />
            ${t(`finding.${finding}`)}
          </label>`,
        )}
      </fieldset>`,
    )}
    <label for="resolve-note">${t('resolve.note')}</label>
    <textarea id="resolve-note" maxlength="500" rows="3" required value=${note}
      onInput=${(e) => {
        const value = e.currentTarget.value;
        choose(() => setNote(value));
      }}></textarea>
    <p class="hint">${t('resolve.hint')}</p>
    ${state.missing ? html`<p class="problem" role="alert">${t(state.missing)}</p>` : null}
    <${ProblemNote} error=${state.error} />
    <button type="submit" disabled=${state.busy}>${state.busy ? t('common.working') : t('resolve.submit')}</button>
  </form>`;
};
