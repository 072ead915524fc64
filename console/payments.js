import { useState } from 'preact/hooks';
import { ApiError, call } from './api.js';
import { providers, statuses } from './i18n.js';
import { addDays, dayStart } from './time.js';
import { html, Money, ProblemNote, StatusBadge, Time, useT, ViewHeading } from './ui.js';

const pageSize = 50;
const emptyForm = { id: '', merchantOrderNo: '', status: '', provider: '', from: '', to: '' };

/** The last search, kept while the tab lives so that coming back from a payment page shows the same results. */
let lastSearch = { form: emptyForm, pages: [] };

/** The API query for a search: days are Asia/Shanghai calendar days, `to` included. */
const queryOf = (form) => ({
  merchantOrderNo: form.merchantOrderNo.trim(),
  status: form.status,
  provider: form.provider,
  createdFrom: form.from ? dayStart(form.from) : undefined,
  createdTo: form.to ? dayStart(addDays(form.to, 1)) : undefined,
  limit: pageSize,
});

/** Search payments by id, merchantOrderNo, status, provider and creation days. */
export const Payments = ({ navigate }) => {
  const t = useT();
  const [form, setForm] = useState(lastSearch.form);
  const [pages, setPages] = useState(lastSearch.pages);
  const [state, setState] = useState({ busy: false, error: undefined });
  const set = (name) => (e) => setForm({ ...form, [name]: e.currentTarget.value });

  const run = async (cursor) => {
    setState({ busy: true, error: undefined });
    try {
      const id = form.id.trim();
      if (id && !cursor) {
        await call('GET', `v1/payments/${encodeURIComponent(id)}`);
        lastSearch = { form, pages };
        navigate(`#/payments/${encodeURIComponent(id)}`);
        return;
      }
      const page = await call('GET', 'v1/payments', { query: { ...queryOf(form), cursor } });
      const next = cursor ? [...pages, page] : [page];
      setPages(next);
      lastSearch = { form, pages: next };
      setState({ busy: false, error: undefined });
    } catch (error) {
      setState({ busy: false, error });
    }
  };
  const submit = (e) => {
    e.preventDefault();
    run(undefined);
  };
  const payments = pages.flatMap((p) => p.data);
  const notFound = state.error instanceof ApiError && state.error.status === 404;

  return html`<section>
    <${ViewHeading}>${t('payments.title')}<//>
    <form class="search" onSubmit=${submit} method="post">
      <div class="field">
        <label for="search-id">${t('field.id')}</label>
        <input id="search-id" value=${form.id} onInput=${set('id')} autocomplete="off" spellcheck="false" />
      </div>
      <div class="field">
        <label for="search-order">${t('field.merchantOrderNo')}</label>
        <input id="search-order" value=${form.merchantOrderNo} onInput=${set('merchantOrderNo')} autocomplete="off" />
      </div>
      <div class="field">
        <label for="search-status">${t('field.status')}</label>
        <select id="search-status" value=${form.status} onChange=${set('status')}>
          <option value="">${t('common.any')}</option>
          ${statuses.map((s) => html`<option value=${s}>${t(`status.${s}`)}</option>`)}
        </select>
      </div>
      <div class="field">
        <label for="search-provider">${t('field.provider')}</label>
        <select id="search-provider" value=${form.provider} onChange=${set('provider')}>
          <option value="">${t('common.any')}</option>
          ${providers.map((p) => html`<option value=${p}>${t(`provider.${p}`)}</option>`)}
        </select>
      </div>
      <div class="field">
        <label for="search-from">${t('payments.from')}</label>
        <input id="search-from" type="date" value=${form.from} onInput=${set('from')} />
      </div>
      <div class="field">
        <label for="search-to">${t('payments.to')}</label>
        <input id="search-to" type="date" value=${form.to} onInput=${set('to')} />
      </div>
      <p class="hint">${t('payments.hint')}</p>
      <div class="actions">
        <button type="submit" disabled=${state.busy}>${t('payments.search')}</button>
        <button type="button" class="secondary" onClick=${() => {
          setForm(emptyForm);
          setPages([]);
          lastSearch = { form: emptyForm, pages: [] };
        }}>${t('payments.clear')}</button>
      </div>
    </form>
    ${notFound ? html`<p class="problem" role="alert">${t('payments.notFound')}</p>` : html`<${ProblemNote} error=${state.error} />`}
    ${pages.length && !payments.length ? html`<p class="empty">${t('payments.none')}</p>` : null}
    ${
      payments.length
        ? html`<div class="table-wrap">
            <table class="results stack">
              <caption>${t('payments.results', { n: payments.length })}</caption>
              <thead>
                <tr>
                  <th scope="col">${t('field.merchantOrderNo')}</th>
                  <th scope="col">${t('field.amount')}</th>
                  <th scope="col">${t('field.status')}</th>
                  <th scope="col">${t('field.provider')}</th>
                  <th scope="col">${t('field.createdAt')}</th>
                </tr>
              </thead>
              <tbody>
                ${payments.map(
                  (p) => html`<tr key=${p.id}>
                    <td data-label=${t('field.merchantOrderNo')}><a href=${`#/payments/${p.id}`}>${p.merchantOrderNo}</a></td>
                    <td data-label=${t('field.amount')} class="num"><${Money} fen=${p.amount} /></td>
                    <td data-label=${t('field.status')}><${StatusBadge} status=${p.status} /></td>
                    <td data-label=${t('field.provider')}>${t(`provider.${p.provider}`)}</td>
                    <td data-label=${t('field.createdAt')}><${Time} iso=${p.createdAt} /></td>
                  </tr>`,
                )}
              </tbody>
            </table>
          </div>`
        : null
    }
    ${
      pages.at(-1)?.nextCursor
        ? html`<button type="button" onClick=${() => run(pages.at(-1).nextCursor)} disabled=${state.busy}>
            ${t('common.more')}
          </button>`
        : null
    }
  </section>`;
};
