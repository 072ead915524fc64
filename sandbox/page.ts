import { fenToYuan } from '../lib/domain/money';
import { escapeHtml } from './http';

export interface PageOrder {
  provider: string;
  ref: string;
  clientRef: string;
  /** The provider account the order came through: terminal, app id, or TCC token (last four). */
  account: string;
  amountFen: number;
  subject: string;
  status: string;
  /** Payer controls offered for the order: `pay`, `fail`, `pay-after-cancel`. */
  actions: string[];
  createdAt: string;
}

const labels: Record<string, string> = { pay: 'Pay', fail: 'Fail', 'pay-after-cancel': 'Pay after cancel' };

/** The `/sandbox` page: every sandbox order, newest first, with Pay / Fail buttons for those still waiting. */
export const renderSandboxPage = (orders: PageOrder[]): string => {
  const rows = orders
    .map((o) => {
      const action = (verb: string) =>
        `<form method="post" action="/sandbox/${o.provider}/orders/${encodeURIComponent(o.ref)}/${verb}"><button name="go" value="1" data-action="${verb}" data-order="${escapeHtml(o.clientRef)}">${labels[verb] ?? verb}</button></form>`;
      return `<tr><td>${escapeHtml(o.provider)}</td><td>${escapeHtml(o.clientRef)}</td><td>${escapeHtml(o.ref)}</td><td>${escapeHtml(o.account)}</td><td>${fenToYuan(o.amountFen)}</td><td>${escapeHtml(o.subject)}</td><td class="status">${escapeHtml(o.status)}</td><td>${o.actions.map(action).join('')}</td></tr>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>paybridge sandbox</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3rem .6rem}form{display:inline}</style>
</head><body>
<h1>paybridge provider sandbox</h1>
<p>Play the payer: press Pay or Fail on an order that is waiting. Barcode test codes: 1399… pays at once, 1388… pays on the third query, 1300… fails (insufficient funds), 1377… is PAY_FAIL_ERROR.</p>
<table><thead><tr><th>provider</th><th>payment id (TCC: type)</th><th>provider order</th><th>account</th><th>yuan</th><th>subject</th><th>status</th><th></th></tr></thead>
<tbody>
${rows || '<tr><td colspan="8">No orders yet.</td></tr>'}
</tbody></table>
</body></html>`;
};
