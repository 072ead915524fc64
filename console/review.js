import { useState } from 'preact/hooks';
import { call } from './api.js';
import { ageOf } from './time.js';
import { html, Money, ProblemNote, Time, useLoad, useT, ViewHeading } from './ui.js';

const pageSize = 50;

/** The review queue: every `needs_review` payment of the tenant, newest first, each linking to its page. */
export const ReviewQueue = () => {
  const t = useT();
  const [pages, setPages] = useState([]);
  const first = useLoad(async () => {
    const page = await call('GET', 'v1/payments', { query: { status: 'needs_review', limit: pageSize } });
    setPages([page]);
    return page;
  }, []);
  const [more, setMore] = useState({ busy: false, error: undefined });

  const loadMore = async () => {
    setMore({ busy: true, error: undefined });
    try {
      const cursor = pages.at(-1)?.nextCursor;
      const page = await call('GET', 'v1/payments', { query: { status: 'needs_review', limit: pageSize, cursor } });
      setPages((p) => [...p, page]);
      setMore({ busy: false, error: undefined });
    } catch (error) {
      setMore({ busy: false, error });
    }
  };

  const payments = pages.flatMap((p) => p.data);
  const now = Date.now();
  return html`<section>
    <${ViewHeading}>${t('review.title')}<//>
    <p>${t('review.intro')}</p>
    <div class="toolbar">
      <button type="button" onClick=${first.reload} disabled=${first.loading}>${t('common.reload')}</button>
    </div>
    <${ProblemNote} error=${first.error} />
    ${first.loading && !payments.length ? html`<p aria-live="polite">${t('common.loading')}</p>` : null}
    ${!first.loading && !first.error && !payments.length ? html`<p class="empty">${t('review.empty')}</p>` : null}
    ${
      payments.length
        ? html`<p aria-live="polite">${t('review.count', { n: payments.length })}</p>
          <ul class="cards" aria-label=${t('review.title')}>
            ${payments.map((p) => {
              const age = ageOf(p.createdAt, now);
              return html`<li class="card review-item" key=${p.id}>
                <a class="card-title" href=${`#/payments/${p.id}`}>
                  ${p.reviewReason ? t(`reason.${p.reviewReason}`) : t('reason.none')}
                </a>
                <dl class="facts">
                  <dt>${t('field.amount')}</dt><dd><${Money} fen=${p.amount} /></dd>
                  <dt>${t('field.provider')}</dt><dd>${t(`provider.${p.provider}`)}</dd>
                  <dt>${t('field.age')}</dt>
                  <dd>${t(`age.${age.unit}`, { n: age.n })} (<${Time} iso=${p.createdAt} />)</dd>
                  <dt>${t('field.merchantOrderNo')}</dt><dd class="mono">${p.merchantOrderNo}</dd>
                  <dt>${t('field.subject')}</dt><dd>${p.subject}</dd>
                </dl>
              </li>`;
            })}
          </ul>`
        : null
    }
    <${ProblemNote} error=${more.error} />
    ${
      pages.at(-1)?.nextCursor
        ? html`<button type="button" onClick=${loadMore} disabled=${more.busy}>${t('common.more')}</button>`
        : null
    }
  </section>`;
};
