import { useState } from 'preact/hooks';
import { call } from './api.js';
import { html, ProblemNote, Time, useLoad, useT, ViewHeading } from './ui.js';

const IdLinks = ({ ids, count }) => {
  const t = useT();
  if (!count) return '0';
  return html`${count}
    <ul class="id-links">
      ${ids.map((id) => html`<li key=${id}><a class="mono" href=${`#/payments/${id}`}>${id}</a></li>`)}
      ${count > ids.length ? html`<li>${t('reconciliation.more', { n: count - ids.length })}</li>` : null}
    </ul>`;
};

/** Run the reconciliation now, and read the tenant's latest runs (scheduled and manual). */
export const Reconciliation = () => {
  const t = useT();
  const runs = useLoad(() => call('GET', 'v1/reconciliations', { query: { limit: 20 } }), []);
  const [state, setState] = useState({ busy: false, error: undefined, report: undefined });

  const runNow = async () => {
    setState({ busy: true, error: undefined, report: undefined });
    try {
      const report = await call('POST', 'v1/reconciliations', { body: {} });
      setState({ busy: false, error: undefined, report });
      runs.reload();
    } catch (error) {
      setState({ busy: false, error, report: undefined });
    }
  };

  const r = state.report;
  return html`<section>
    <${ViewHeading}>${t('reconciliation.title')}<//>
    <p>${t('reconciliation.intro')}</p>
    <div class="toolbar">
      <button type="button" onClick=${runNow} disabled=${state.busy}>
        ${state.busy ? t('common.working') : t('reconciliation.run')}
      </button>
    </div>
    <${ProblemNote} error=${state.error} />
    ${
      r
        ? html`<p class="ok" role="status">
            ${t('reconciliation.result', { checked: r.checked, changed: r.changed, review: r.needsReview.length })}
          </p>`
        : null
    }
    <h2>${t('reconciliation.history')}</h2>
    <${ProblemNote} error=${runs.error} />
    ${runs.data && !runs.data.data.length ? html`<p class="empty">${t('reconciliation.none')}</p>` : null}
    ${
      runs.data?.data.length
        ? html`<div class="table-wrap"><table class="runs stack">
            <thead><tr>
              <th scope="col">${t('reconciliation.startedAt')}</th>
              <th scope="col">${t('reconciliation.trigger')}</th>
              <th scope="col">${t('reconciliation.checked')}</th>
              <th scope="col">${t('reconciliation.changed')}</th>
              <th scope="col">${t('reconciliation.needsReview')}</th>
            </tr></thead>
            <tbody>
              ${runs.data.data.map(
                (run) => html`<tr key=${run.id}>
                  <td data-label=${t('reconciliation.startedAt')}><${Time} iso=${run.startedAt} /></td>
                  <td data-label=${t('reconciliation.trigger')}>${t(`trigger.${run.trigger}`)}</td>
                  <td data-label=${t('reconciliation.checked')} class="num">${run.checked}</td>
                  <td data-label=${t('reconciliation.changed')} class="num">${run.changed}</td>
                  <td data-label=${t('reconciliation.needsReview')}>
                    <${IdLinks} ids=${run.needsReview} count=${run.needsReviewCount} />
                  </td>
                </tr>`,
              )}
            </tbody>
          </table></div>`
        : null
    }
  </section>`;
};
