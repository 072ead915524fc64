import { useState } from 'preact/hooks';
import { call, session } from './api.js';
import { html, useT, ViewHeading } from './ui.js';

/** Why a key was refused, in the words the desk needs. */
const refusal = (error) => {
  if (error.status === 401) return 'signIn.unauthorized';
  if (error.status === 403) return 'signIn.forbidden';
  if (error.status === 0) return 'signIn.network';
  return 'signIn.failed';
};

/**
 * Sign-in with a tenant API key: the key is checked with one read of an `operator` route (`GET /v1/reconciliations`)
 * before it is kept in sessionStorage, so a key without that scope is told so at once. The form posts nowhere, so
 * the key can never end up in a URL.
 */
export const SignIn = ({ onSignedIn, notice }) => {
  const t = useT();
  const [key, setKey] = useState('');
  const [operator, setOperator] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState(notice);

  const submit = async (event) => {
    event.preventDefault();
    const typed = key.trim();
    if (!typed) return setMessage('signIn.empty');
    setBusy(true);
    setMessage(undefined);
    try {
      await call('GET', 'v1/reconciliations', { key: typed, query: { limit: 1 } });
      session.signIn(typed, operator.trim());
      setKey('');
      onSignedIn();
    } catch (error) {
      setMessage(refusal(error));
    } finally {
      setBusy(false);
    }
  };

  return html`<section class="sign-in">
    <${ViewHeading}>${t('signIn.title')}<//>
    <p>${t('signIn.intro')}</p>
    <form onSubmit=${submit} method="post" novalidate>
      <label for="api-key">${t('signIn.key')}</label>
      <input
        id="api-key"
        name="api-key"
        type="password"
        autocomplete="off"
        spellcheck="false"
        required
        value=${key}
        onInput=${(e) => setKey(e.currentTarget.value)}
        aria-describedby=${message ? 'sign-in-message' : undefined}
      />
      <label for="operator">${t('signIn.operator')}</label>
      <input
        id="operator"
        name="operator"
        maxlength="32"
        autocomplete="off"
        value=${operator}
        onInput=${(e) => setOperator(e.currentTarget.value)}
      />
      <p class="hint">${t('signIn.operatorHint')}</p>
      ${message ? html`<p id="sign-in-message" class="problem" role="alert">${t(message)}</p>` : null}
      <button type="submit" disabled=${busy}>${busy ? t('common.working') : t('signIn.submit')}</button>
    </form>
  </section>`;
};
