import { fenToYuan } from '../../lib/domain/money';
import { escapeHtml } from '../http';
import type { ZhixiaoOrder } from './book';

const statusText = { '1': '待支付', '2': '支付成功', '3': '支付失败' } as const;

/** The hosted pay page at the `url` the sandbox returns: the order and Pay / Fail buttons. */
export const renderPayPage = (o: ZhixiaoOrder): string => `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>知校支付 (sandbox)</title>
<style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:2rem auto}button{font-size:1.2rem;margin:.5rem;padding:.5rem 1.5rem}</style>
</head><body>
<h1>知校支付 · sandbox</h1>
<p id="body">${escapeHtml(o.body)}</p>
<p>¥ <strong id="amount">${fenToYuan(o.totalFee)}</strong></p>
<p>订单号 <code>${escapeHtml(o.orderId)}</code> · 商户订单号 <code>${escapeHtml(o.outTradeNo)}</code></p>
<p>状态: <span id="status">${statusText[o.status]}</span></p>
${
  o.status === '1'
    ? `<form method="post" action="/pay/${escapeHtml(o.orderId)}/pay" style="display:inline"><button id="pay">Pay</button></form>
<form method="post" action="/pay/${escapeHtml(o.orderId)}/fail" style="display:inline"><button id="fail">Fail</button></form>`
    : ''
}
</body></html>`;
