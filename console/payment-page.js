import { useState } from 'preact/hooks';
import qrcode from 'qrcode-generator';
import { ApiError, call, newIdempotencyKey } from './api.js';
import { RefundForm } from './refund-form.js';
import { ResolveForm } from './resolve-form.js';
import { html, Money, ProblemNote, StatusBadge, Time, useLoad, useT, ViewHeading } from './ui.js';

const loadPayment = async (id) => {
  const path = `v1/payments/${encodeURIComponent(id)}`;
  const [payment, refunds, events, deliveries] = await Promise.all([
    call('GET', path),
    call('GET', `${path}/refunds`),
    call('GET', `${path}/events`),
    call('GET', `${path}/deliveries`),
  ]);
  return { payment, refunds: refunds.data, events: events.data, deliveries: deliveries.data };
};

/** The payer's QR code, drawn here from `action.qrCode`. */
const QrCode = ({ text }) => {
  const t = useT();
  const qr = qrcode(0, 'M');
  qr.addData(text);
  qr.make();
  return html`<figure class="qr">
    <img src=${qr.createDataURL(6, 4)} alt=${t('payment.qrAlt')} width="220" height="220" />
    <figcaption class="mono">${text}</figcaption>
  </figure>`;
};

/** Event data fields holding fen. */
const moneyFields = new Set(['amount', 'refundedAmount', 'amountRefunded']);
/** Event data fields whose value has words of its own, by the prefix of those words. */
const wordFields = {
  reason: 'reason',
  previousReason: 'reason',
  providerStatus: 'said',
  scene: 'scene',
  wallet: 'wallet',
  cancel: 'cancelReason',
};

/** An event's data in words: known fields translated, money formatted, the rest as it came. */
const EventData = ({ data }) => {
  const t = useT();
  const shown = (key, value) => {
    if (moneyFields.has(key) && Number.isSafeInteger(value)) return html`<${Money} fen=${value} />`;
    if (wordFields[key] && typeof value === 'string') return t(`${wordFields[key]}.${value}`);
    if (key === 'failure' && value) return `${value.code}: ${value.message}`;
    // The refunds a person settled (id → finding), or the refunds that went to review with the payment (ids).
    if (key === 'refunds' && Array.isArray(value)) return value.join(', ');
    if (key === 'refunds' && value) {
      return Object.entries(value)
        .map(([id, finding]) => `${id} → ${t(`refundStatus.${finding}`)}`)
        .join('; ');
    }
    return typeof value === 'string' ? value : JSON.stringify(value);
  };
  const rows = Object.entries(data).map(
    ([key, value]) => html`<dt>${t(`data.${key}`)}</dt><dd>${shown(key, value)}</dd>`,
  );
  return rows.length ? html`<dl class="facts event-data">${rows}</dl>` : null;
};

const statusWord = (t, value) => (value ? t(`status.${value}`) : '');

const Timeline = ({ events }) => {
  const t = useT();
  return html`<ol class="timeline">
    ${events.map(
      (e) => html`<li key=${e.id}>
        <div class="event-head">
          <strong>${t(`event.${e.type}`)}</strong>
          <span class="muted"><${Time} iso=${e.at} /> · ${t(`source.${e.source}`)}</span>
        </div>
        ${
          e.from && e.from !== e.to && e.type.startsWith('payment.')
            ? html`<div class="muted">${statusWord(t, e.from)} → ${statusWord(t, e.to)}</div>`
            : null
        }
        <${EventData} data=${e.data} />
      </li>`,
    )}
  </ol>`;
};

/** What the provider last said about the order: the latest event that carries `data.providerStatus`. */
const ProviderSaid = ({ events }) => {
  const t = useT();
  const last = events.findLast((e) => e.data?.providerStatus !== undefined);
  if (!last) return html`<p>${t('review.providerSilent')}</p>`;
  return html`<p class="provider-said">
    ${t('review.providerSaid', { status: t(`said.${last.data.providerStatus}`) })}
    ${' '}<span class="muted">(<${Time} iso=${last.at} />, ${t(`source.${last.source}`)})</span>
    ${last.data.refundedAmount !== undefined ? html`<br />${t('data.refundedAmount')}: <${Money} fen=${last.data.refundedAmount} />` : null}
  </p>`;
};

/** Each notified event's deliveries, per destination (`GET /v1/payments/{id}/deliveries`). */
const Notifications = ({ deliveries, events }) => {
  const t = useT();
  const at = new Map(events.map((e) => [e.id, e.at]));
  if (!deliveries.length) return html`<p class="empty">${t('notifications.none')}</p>`;
  return html`<ul class="notifications">
    ${deliveries.map(
      (d) => html`<li key=${d.eventId}>
        <strong>${t(`event.${d.eventType}`)}</strong>
        <span class="muted"> <${Time} iso=${at.get(d.eventId)} /></span>
        <ul>
          ${d.deliveries.map(
            (x) => html`<li key=${x.destination}>
              <span class=${`badge delivery-${x.state}`}>${t(`delivery.${x.state}`)}</span>
              ${' '}${x.destination === 'notify_url' ? t('delivery.notifyUrl') : t('delivery.endpoint', { id: x.destination })}
              <span class="mono wrap"> ${x.url}</span>
              <br /><span class="muted">
                ${t('delivery.attempts', { n: x.attempts })}${x.lastStatus ? ` · HTTP ${x.lastStatus}` : ''}
                ${x.lastError ? ` · ${x.lastError}` : ''}
                ${x.nextAttemptAt ? html` · ${t('delivery.next')} <${Time} iso=${x.nextAttemptAt} />` : null}
              </span>
            </li>`,
          )}
        </ul>
      </li>`,
    )}
  </ul>`;
};

const Fact = ({ label, children }) => html`<dt>${label}</dt><dd>${children}</dd>`;

/** Refresh from the provider, or cancel a payment still waiting for its payer (after a confirmation). */
const Actions = ({ payment, onChanged }) => {
  const t = useT();
  const [state, setState] = useState({ busy: false, error: undefined, confirmCancel: false });
  const [cancelKey] = useState(newIdempotencyKey);
  const path = `v1/payments/${encodeURIComponent(payment.id)}`;
  const act = async (work) => {
    setState({ busy: true, error: undefined, confirmCancel: false });
    try {
      await work();
      setState({ busy: false, error: undefined, confirmCancel: false });
      onChanged();
    } catch (error) {
      setState({ busy: false, error, confirmCancel: false });
      if (error instanceof ApiError && error.status === 409) onChanged();
    }
  };
  const waiting = payment.status === 'created' || payment.status === 'pending';
  return html`<div class="toolbar">
      <button type="button" disabled=${state.busy} onClick=${() => act(() => call('GET', path, { query: { refresh: 'true' } }))}>
        ${t('payment.refresh')}
      </button>
      ${
        waiting && !state.confirmCancel
          ? html`<button type="button" class="danger" disabled=${state.busy}
              onClick=${() => setState({ ...state, confirmCancel: true })}>${t('payment.cancel')}</button>`
          : null
      }
      ${
        state.confirmCancel
          ? html`<span class="confirm" role="group" aria-label=${t('payment.cancelConfirm')}>
              ${t('payment.cancelConfirm')}
              <button type="button" class="danger"
                onClick=${() => act(() => call('POST', `${path}/cancel`, { body: {}, idempotencyKey: cancelKey }))}>
                ${t('common.yes')}
              </button>
              <button type="button" class="secondary" onClick=${() => setState({ ...state, confirmCancel: false })}>
                ${t('common.no')}
              </button>
            </span>`
          : null
      }
    </div>
    <${ProblemNote} error=${state.error} />`;
};

/** One payment: its facts, QR code, review and resolve, refunds, events and notifications. */
export const PaymentPage = ({ id }) => {
  const t = useT();
  const { data, error, loading, reload } = useLoad(() => loadPayment(id), [id]);
  if (error) {
    const notFound = error instanceof ApiError && error.status === 404;
    return html`<section>
      <${ViewHeading}>${t('payment.title')}<//>
      ${notFound ? html`<p class="problem" role="alert">${t('payments.notFound')}</p>` : html`<${ProblemNote} error=${error} />`}
      <p><a href="#/payments">${t('payment.back')}</a></p>
    </section>`;
  }
  if (!data) return html`<section><p aria-live="polite">${t('common.loading')}</p></section>`;
  const { payment: p, refunds, events, deliveries } = data;
  const showQr = p.action?.type === 'qrcode' && (p.status === 'pending' || p.status === 'created');
  const refundableStatus = p.status === 'paid' || p.status === 'partially_refunded';

  return html`<section class="payment" aria-busy=${loading}>
    <${ViewHeading}>${t('payment.title')} <${Money} fen=${p.amount} /> <${StatusBadge} status=${p.status} /><//>
    <p><a href="#/payments">${t('payment.back')}</a></p>
    <${Actions} payment=${p} onChanged=${reload} />
    <div class="columns">
      <div>
        <dl class="facts">
          <${Fact} label=${t('field.id')}><span class="mono">${p.id}</span><//>
          <${Fact} label=${t('field.merchantOrderNo')}><span class="mono">${p.merchantOrderNo}</span><//>
          <${Fact} label=${t('field.subject')}>${p.subject}<//>
          <${Fact} label=${t('field.provider')}>${t(`provider.${p.provider}`)}<//>
          <${Fact} label=${t('field.scene')}>${t(`scene.${p.scene}`)}${p.wallet ? ` · ${t(`wallet.${p.wallet}`)}` : ''}<//>
          <${Fact} label=${t('field.amountRefunded')}><${Money} fen=${p.amountRefunded} /><//>
          <${Fact} label=${t('field.createdAt')}><${Time} iso=${p.createdAt} /><//>
          <${Fact} label=${t('field.paidAt')}><${Time} iso=${p.paidAt} /><//>
          <${Fact} label=${t('field.expiresAt')}><${Time} iso=${p.expiresAt} /><//>
          ${p.cancelReason ? html`<${Fact} label=${t('field.cancelReason')}>${t(`cancelReason.${p.cancelReason}`)}<//>` : null}
          ${p.failure ? html`<${Fact} label=${t('field.failure')}>${p.failure.code}: ${p.failure.message}<//>` : null}
          ${Object.entries(p.providerRefs).map(
            ([k, v]) =>
              html`<${Fact} label=${t(`ref.${k}`)}><span class="mono">${Array.isArray(v) ? v.join(', ') : v}</span><//>`,
          )}
        </dl>
      </div>
      ${
        showQr
          ? html`<div><h2>${t('payment.qr')}</h2><${QrCode} text=${p.action.qrCode} /></div>`
          : p.action?.type === 'redirect'
            ? html`<div><h2>${t('payment.link')}</h2><p class="mono wrap">${p.action.url}</p></div>`
            : null
      }
    </div>
    ${
      p.status === 'needs_review'
        ? html`<section class="panel review-panel" aria-labelledby="review-heading">
            <h2 id="review-heading">${t('review.panel')}</h2>
            <p><strong>${p.reviewReason ? t(`reason.${p.reviewReason}`) : t('reason.none')}</strong></p>
            <p class="hint">${p.reviewReason ? t(`reasonHelp.${p.reviewReason}`) : ''}</p>
            <${ProviderSaid} events=${events} />
            <${ResolveForm} payment=${p} refunds=${refunds} onResolved=${reload} />
          </section>`
        : null
    }
    <section class="panel" aria-labelledby="refunds-heading">
      <h2 id="refunds-heading">${t('refunds.title')}</h2>
      ${
        refunds.length
          ? html`<div class="table-wrap"><table class="stack">
              <thead><tr>
                <th scope="col">${t('field.amount')}</th>
                <th scope="col">${t('field.status')}</th>
                <th scope="col">${t('field.createdAt')}</th>
                <th scope="col">${t('refunds.detail')}</th>
              </tr></thead>
              <tbody>
                ${refunds.map(
                  (r) => html`<tr key=${r.id}>
                    <td data-label=${t('field.amount')} class="num"><${Money} fen=${r.amount} /></td>
                    <td data-label=${t('field.status')}>
                      <span class=${`badge refund-${r.status}`}>${t(`refundStatus.${r.status}`)}</span>
                    </td>
                    <td data-label=${t('field.createdAt')}><${Time} iso=${r.createdAt} /></td>
                    <td data-label=${t('refunds.detail')}>
                      <span class="mono">${r.refundNo ?? r.id}</span>
                      ${r.reason ? html`<br />${r.reason}` : null}
                      ${r.operator ? html`<br />${t('field.operator')}: ${r.operator}` : null}
                      ${r.failure ? html`<br />${r.failure.code}: ${r.failure.message}` : null}
                    </td>
                  </tr>`,
                )}
              </tbody>
            </table></div>`
          : html`<p class="empty">${t('refunds.none')}</p>`
      }
      ${refundableStatus ? html`<${RefundForm} payment=${p} refunds=${refunds} onRefunded=${reload} />` : null}
    </section>
    <section class="panel" aria-labelledby="events-heading">
      <h2 id="events-heading">${t('events.title')}</h2>
      <${Timeline} events=${events} />
    </section>
    <section class="panel" aria-labelledby="notifications-heading">
      <h2 id="notifications-heading">${t('notifications.title')}</h2>
      <p class="hint">${t('notifications.intro')}</p>
      <${Notifications} deliveries=${deliveries} events=${events} />
    </section>
  </section>`;
};
