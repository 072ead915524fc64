import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { session, whenUnauthorized } from './api.js';
import { translate } from './i18n.js';
import { PaymentPage } from './payment-page.js';
import { Payments } from './payments.js';
import { Reconciliation } from './reconciliation.js';
import { Reports } from './reports.js';
import { ReviewQueue } from './review.js';
import { SignIn } from './sign-in.js';
import { html, LangContext } from './ui.js';

const langItem = 'paybridge.console.lang';
const views = [
  { path: '#/review', label: 'nav.review' },
  { path: '#/payments', label: 'nav.payments' },
  { path: '#/reports', label: 'nav.reports' },
  { path: '#/reconciliation', label: 'nav.reconciliation' },
];

const screens = { review: ReviewQueue, payments: Payments, reports: Reports, reconciliation: Reconciliation };

/** The view a location hash names: `#/payments/<id>` is one payment; anything unknown is the review queue. */
const viewOf = (hash) => {
  const payment = /^#\/payments\/([^/?#]+)$/.exec(hash);
  if (payment) return { name: 'payment', id: decodeURIComponent(payment[1]) };
  return { name: views.find((v) => v.path === hash)?.path.slice(2) ?? 'review' };
};

const useHash = () => {
  const [hash, setHash] = useState(location.hash);
  useEffect(() => {
    const changed = () => setHash(location.hash);
    window.addEventListener('hashchange', changed);
    return () => window.removeEventListener('hashchange', changed);
  }, []);
  return hash;
};

const App = () => {
  const [lang, setLang] = useState(() => (localStorage.getItem(langItem) === 'en' ? 'en' : 'zh'));
  const [signedIn, setSignedIn] = useState(() => !!session.key);
  const [notice, setNotice] = useState(undefined);
  const hash = useHash();
  const t = (key, params) => translate(lang, key, params);

  useEffect(() => {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
    document.title = t('app.title');
    localStorage.setItem(langItem, lang);
  });
  useEffect(() => {
    whenUnauthorized(() => {
      session.signOut();
      setNotice('signIn.expired');
      setSignedIn(false);
    });
  }, []);

  const signOut = () => {
    session.signOut();
    setNotice('signIn.signedOut');
    setSignedIn(false);
  };
  const view = viewOf(hash);
  const current = view.name === 'payment' ? '#/payments' : `#/${view.name}`;
  const navigate = (to) => {
    location.hash = to;
  };
  const content = () => {
    if (!signedIn) {
      const signedInNow = () => {
        setNotice(undefined);
        setSignedIn(true);
      };
      return html`<${SignIn} notice=${notice} onSignedIn=${signedInNow} />`;
    }
    if (view.name === 'payment') return html`<${PaymentPage} key=${view.id} id=${view.id} />`;
    const Screen = screens[view.name];
    return html`<${Screen} navigate=${navigate} />`;
  };

  return html`<${LangContext.Provider} value=${lang}>
    <a class="skip" href="#main" onClick=${(e) => {
      e.preventDefault();
      document.getElementById('main')?.focus();
    }}>${t('nav.skip')}</a>
    <header class="top">
      <div class="brand">${t('app.title')}</div>
      <div class="top-actions">
        <button type="button" class="secondary" lang=${lang === 'zh' ? 'en' : 'zh-CN'}
          onClick=${() => setLang(lang === 'zh' ? 'en' : 'zh')}>${t('app.otherLanguage')}</button>
        ${signedIn ? html`<button type="button" class="secondary" onClick=${signOut}>${t('app.signOut')}</button>` : null}
      </div>
      ${
        signedIn
          ? html`<nav aria-label=${t('nav.label')}>
              <ul>
                ${views.map(
                  (v) => html`<li key=${v.path}>
                    <a href=${v.path} aria-current=${current === v.path ? 'page' : undefined}>${t(v.label)}</a>
                  </li>`,
                )}
              </ul>
            </nav>`
          : null
      }
    </header>
    <main id="main" tabindex="-1">
      ${content()}
    </main>
  <//>`;
};

render(html`<${App} />`, document.getElementById('app'));
