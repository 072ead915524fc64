import { fenToYuan } from '../lib/domain/money';
import { escapeHtml } from './http';
import { qrSvg } from './qr-svg';

/** The paybridge payment behind a sandbox order, as the local runtime reads it. */
export interface PaymentSummary {
  id: string;
  status: string;
}

export interface PageOrder {
  provider: string;
  /** The provider's own order reference (Shouqianba sn, TCC orderId, Zhixiao order_id). */
  ref: string;
  /**
   * The merchant order number the order carries: paybridge's payment id (Shouqianba client_sn, Zhixiao
   * out_trade_no). TCC orders carry none.
   */
  clientRef: string | null;
  /** How the payer pays: Shouqianba barcode or precreate, TCC's paymentTypeCode, Zhixiao hosted page or mini-program. */
  method: string;
  /** The provider account the order came through: terminal, app id, or TCC token (last four). */
  account: string;
  amountFen: number;
  subject: string;
  /** The provider's status, in the provider's words. */
  status: string;
  /** Payer controls offered for the order: `pay`, `fail`, `pay-after-cancel`. */
  actions: string[];
  createdAt: string;
  /** What the payer scans, exactly as the provider answered it (qr_code, qrCodeUrl, url); null if nothing. */
  qr: string | null;
  /** The paybridge payment, when the sandbox runs beside paybridge and knows it. */
  payment?: PaymentSummary | undefined;
}

const labels: Record<string, string> = { pay: 'Pay', fail: 'Fail', 'pay-after-cancel': 'Pay after cancel' };

const qrFigure = (text: string): string => {
  const svg = qrSvg(text);
  return `<figure class="qr">${svg ?? ''}<figcaption>${svg ? 'scan' : 'too long for a QR code'}: <a href="${escapeHtml(text)}">${escapeHtml(text)}</a></figcaption></figure>`;
};

const card = (o: PageOrder): string => {
  const action = (verb: string) =>
    `<form method="post" action="/sandbox/${o.provider}/orders/${encodeURIComponent(o.ref)}/${verb}"><button name="go" value="1" data-action="${verb}">${labels[verb] ?? verb}</button></form>`;
  const paymentId = o.payment?.id ?? o.clientRef;
  return `<article class="order" data-provider="${escapeHtml(o.provider)}" data-ref="${escapeHtml(o.ref)}" data-payment="${escapeHtml(paymentId ?? '')}">
<header><span>${escapeHtml(o.provider)}</span><span class="amount">¥${fenToYuan(o.amountFen)}</span></header>
<dl>
<dt>payment</dt><dd class="payment-id">${paymentId ? escapeHtml(paymentId) : '<span class="muted">not known to paybridge</span>'}</dd>
<dt>provider</dt><dd><span class="badge status">${escapeHtml(o.status)}</span></dd>
<dt>paybridge</dt><dd><span class="badge paybridge-status">${o.payment ? escapeHtml(o.payment.status) : '—'}</span></dd>
<dt>order</dt><dd>${escapeHtml(o.ref)}</dd>
<dt>method</dt><dd>${escapeHtml(o.method)}</dd>
<dt>subject</dt><dd>${escapeHtml(o.subject)}</dd>
<dt>account</dt><dd>${escapeHtml(o.account)}</dd>
</dl>
${o.qr ? qrFigure(o.qr) : ''}
${o.actions.length ? `<div class="actions">${o.actions.map(action).join('')}</div>` : ''}
</article>`;
};

/** The order cards alone: what the page fetches to refresh itself (`GET /sandbox?part=orders`). */
export const renderOrders = (orders: PageOrder[]): string =>
  orders.length ? orders.map(card).join('\n') : '<p class="muted">No orders yet.</p>';

// Replaces only the cards, every 3 s, while the tab is visible; never while a button is pressed or a field of a
// form has the focus, so a click or a half-filled form is not lost.
const refreshScript = `
const orders = document.getElementById('orders');
let pressed = false;
addEventListener('pointerdown', () => { pressed = true; });
addEventListener('pointerup', () => { pressed = false; });
setInterval(async () => {
  const focus = document.activeElement;
  if (document.hidden || pressed || (focus && focus.closest('form') && focus.matches('input, select, textarea'))) return;
  try {
    const res = await fetch('/sandbox?part=orders', { cache: 'no-store' });
    if (res.ok) orders.innerHTML = await res.text();
  } catch {}
}, 3000);`;

const style = `
body{font-family:system-ui,"Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;margin:0;padding:.75rem;line-height:1.4;color:#111}
h1{font-size:1.25rem;margin:.25rem 0 .5rem}
p.intro{font-size:.9rem;color:#444;margin:0 0 .75rem}
#orders{display:grid;gap:.75rem;grid-template-columns:repeat(auto-fill,minmax(min(100%,20rem),1fr))}
.order{border:1px solid #ccc;border-radius:.5rem;padding:.6rem .75rem;min-width:0}
.order header{display:flex;justify-content:space-between;font-weight:600}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.15rem .6rem;margin:.4rem 0;font-size:.9rem}
dt{color:#555}
dd{margin:0;overflow-wrap:anywhere;min-width:0}
.badge{display:inline-block;padding:0 .4rem;border-radius:.3rem;background:#eef}
.muted{color:#777}
.qr{margin:.4rem 0}
.qr svg{display:block;width:10rem;height:10rem}
.qr figcaption{font-size:.75rem;color:#555;overflow-wrap:anywhere}
.actions{display:flex;gap:.5rem;flex-wrap:wrap}
button{font-size:1rem;padding:.45rem 1.1rem}`;

/** The `/sandbox` page: every sandbox order, newest first, as cards that fit a phone, refreshed every 3 s. */
export const renderSandboxPage = (orders: PageOrder[]): string => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>paybridge sandbox</title>
<style>${style}</style>
<noscript><meta http-equiv="refresh" content="3"></noscript>
</head><body>
<h1>paybridge provider sandbox</h1>
<p class="intro">Play the payer: scan or open the code, then press Pay or Fail on an order that is waiting. Each card shows the provider's status beside paybridge's. Barcode test codes: 1399… pays at once, 1388… pays on the third query, 1300… fails (insufficient funds), 1377… is PAY_FAIL_ERROR.</p>
<main id="orders">
${renderOrders(orders)}
</main>
<script>${refreshScript}</script>
</body></html>`;
