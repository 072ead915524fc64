import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveChromium, launchChromium } from '../support/chromium';
import { demoKey, shouqianbaBarcode, shouqianbaQr, tccPayment, useGateway } from '../support/gateway';
import { useReceiver } from '../support/receiver';

/** Screenshots for people to look at (git-ignored); readable Chinese needs a CJK font (fonts-noto-cjk). */
const artifacts = join(import.meta.dirname, '../artifacts/console');

// A QR payment must stay waiting while the browser looks at it.
const gw = useGateway({ SHOUQIANBA_POLL_TIMEOUT_S: '240' });
/** The caller's notification receiver: the paid payment notifies it. */
const receiver = useReceiver();

type Created = {
  id: string;
  merchantOrderNo: string;
  status: string;
  reviewReason: string | null;
  action: { qrCode: string };
};
const create = async (body: Record<string, unknown>) =>
  (await gw.request<Created>('POST', '/v1/payments', { body })).body;

describe.skipIf(!haveChromium('the console browser test'))('the operator console in headless Chromium', () => {
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];
  const made = {} as Record<'review' | 'reviewEn' | 'paid' | 'tcc' | 'qr', Created>;

  const inPage = <T = string>(expression: string) => page.evaluate(expression) as Promise<T>;
  const shot = (name: string) => page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });
  const open = async (hash: string, heading: string | RegExp) => {
    await page.goto(`${gw.url}/console${hash}`);
    await page.getByRole('heading', { level: 1, name: heading }).waitFor();
  };

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    made.review = await create(shouqianbaBarcode('137700001111222233', { subject: '逾期罚款' }));
    made.reviewEn = await create(shouqianbaBarcode('137700004444555566', { subject: 'Lost book' }));
    made.paid = await create(
      shouqianbaBarcode('139900001111222233', { amount: 2500, subject: '复印费', notifyUrl: `${receiver.url}/paid` }),
    );
    made.tcc = await create(tccPayment('barcode', 'wechat', { authCode: '139900001111222233' }));
    made.qr = await create(shouqianbaQr({ subject: '读者证工本费' }));
    expect([made.review.reviewReason, made.paid.status, made.tcc.status, made.qr.status]).toEqual([
      'pay_unknown',
      'paid',
      'paid',
      'pending',
    ]);
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1100, height: 900 }, locale: 'zh-CN' })).newPage();
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (m) => {
      // A refused API call (the wrong key below) is logged by Chromium itself; anything else is a fault.
      if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) problems.push(m.text());
    });
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('signs in with the tenant key, saying clearly why a key is refused, and keeps the key out of the URL', async () => {
    await open('', '登录');
    await page.fill('#api-key', 'sk_test_wrong');
    await page.click('button[type=submit]');
    await expect.poll(() => page.textContent('#sign-in-message')).toContain('密钥无效或已停用（401）');

    // A real key of the demo tenant with payments:read only: the console needs operator.
    const readOnly = await gw.request<{ key: string }>('POST', '/v1/admin/tenants/demo/keys', {
      key: gw.gateway.adminKey,
      body: { scopes: ['payments:read'] },
    });
    expect(readOnly.status).toBe(201);
    await page.fill('#api-key', readOnly.body.key);
    await page.click('button[type=submit]');
    await expect.poll(() => page.textContent('#sign-in-message')).toContain('没有收银台所需的 operator 权限（403）');
    await shot('zh-sign-in-refused');

    await page.fill('#api-key', demoKey);
    await page.fill('#operator', 'desk-7');
    await page.click('button[type=submit]');
    await page.getByRole('navigation').waitFor();
    expect(page.url()).not.toContain(demoKey);
    expect(await inPage('sessionStorage.getItem("paybridge.console.key")')).toBe(demoKey);
    expect(await inPage('document.documentElement.lang')).toBe('zh-CN');
  });

  it('lists the needs_review payment with its reason in words, shows what the provider said, and resolves it', async () => {
    await open('#/review', '待人工复核');
    const card = page.locator('li.review-item', { hasText: made.review.merchantOrderNo });
    await expect.poll(() => card.textContent()).toContain('支付结果未知');
    expect(await card.textContent()).toContain('¥19.99');
    expect(await card.textContent()).toContain('收钱吧');
    await card.getByRole('link').click();
    await page.getByRole('heading', { level: 2, name: '复核' }).waitFor();

    await page.getByRole('button', { name: '向渠道查询最新状态' }).click();
    await expect.poll(() => page.textContent('.provider-said')).toContain('渠道最近一次的说法：处于错误状态，结果不明');
    expect(await page.textContent('.timeline')).toContain('转人工复核');

    await page.getByRole('button', { name: '提交处理结果' }).click();
    await expect.poll(() => page.textContent('.resolve [role=alert]')).toBe('请选择核实后的结果。');
    await page.getByLabel('失败', { exact: true }).check();
    await page.fill('#resolve-note', '收钱吧客服确认未扣款');
    await shot('zh-review-resolve');
    await page.getByRole('button', { name: '提交处理结果' }).click();
    await page.locator('h1 .status-failed').waitFor();

    const resolved = await gw.request<{ status: string }>('GET', `/v1/payments/${made.review.id}`);
    expect(resolved.body.status).toBe('failed');
    const events = await gw.request<{ data: { source: string; data: { note?: string } }[] }>(
      'GET',
      `/v1/payments/${made.review.id}/events`,
    );
    expect(events.body.data.at(-1)).toMatchObject({ source: 'operator', data: { note: '收钱吧客服确认未扣款' } });
  });

  it('finds a paid payment by its order number and refunds part of it, typed in yuan, as exact fen', async () => {
    await open('#/payments', '查询支付');
    await page.fill('#search-order', made.paid.merchantOrderNo);
    await page.getByRole('button', { name: '查询', exact: true }).click();
    await page.getByRole('link', { name: made.paid.merchantOrderNo }).click();
    await page.getByRole('heading', { level: 3, name: '办理退款' }).waitFor();

    await page.fill('#refund-amount', '30');
    await page.getByRole('button', { name: '退款…' }).click();
    await expect.poll(() => page.textContent('.refund [role=alert]')).toBe('超过可退金额。');

    await page.fill('#refund-amount', '5.05');
    await page.fill('#refund-reason', '多收复印费');
    await page.getByRole('button', { name: '退款…' }).click();
    await page.getByRole('button', { name: '确认退款 ¥5.05' }).click();
    await expect.poll(() => page.textContent('.refund .ok')).toContain('退款已提交，状态：成功');
    await expect.poll(() => page.textContent('#refunds-heading + .table-wrap')).toContain('¥5.05');
    await shot('zh-payment-refunded');

    // Its notifications: each event's delivery to the caller's notifyUrl, as the deliveries API tells it.
    // Delivery runs off the request path: reload the page until it is done.
    const notifications = page.locator('#notifications-heading ~ .notifications');
    await expect
      .poll(async () => {
        await page.getByRole('button', { name: '向渠道查询最新状态' }).click();
        return notifications.textContent();
      })
      .toContain('已送达');
    expect(await notifications.textContent()).toContain('调用方 notifyUrl');
    expect(await notifications.textContent()).toContain(`${receiver.url}/paid`);

    const paid = await gw.request<{ amountRefunded: number; status: string }>('GET', `/v1/payments/${made.paid.id}`);
    expect(paid.body).toMatchObject({ amountRefunded: 505, status: 'partially_refunded' });
    const refunds = await gw.request<{ data: { amount: number; operator: string; reason: string }[] }>(
      'GET',
      `/v1/payments/${made.paid.id}/refunds`,
    );
    expect(refunds.body.data).toEqual([
      expect.objectContaining({ amount: 505, operator: 'desk-7', reason: '多收复印费' }),
    ]);
  });

  it("shows the API's sentence and the provider's rule when a provider rule refuses a refund", async () => {
    await open(`#/payments/${made.tcc.id}`, /支付/);
    await page.fill('#refund-amount', '1.00');
    await page.getByRole('button', { name: '退款…' }).click();
    await page.getByRole('button', { name: '确认退款 ¥1.00' }).click();
    const problem = page.locator('.refund .problem');
    await expect.poll(() => problem.textContent()).toContain('渠道规则不允许');
    expect(await problem.textContent()).toContain('TCC 规则：每笔支付只能退一次');
    expect(await page.textContent('.refund .problem .detail')).toMatch(/partial/i);
  });

  it('draws the QR code of a waiting qrcode payment as an image', async () => {
    await open(`#/payments/${made.qr.id}`, /支付/);
    const image = page.getByRole('img', { name: '付款二维码，请付款人用钱包扫码' });
    await image.waitFor();
    expect(await image.getAttribute('src')).toMatch(/^data:image\/gif;base64,/);
    expect(await image.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(
      100,
    );
    expect(await page.textContent('.qr figcaption')).toBe(made.qr.action.qrCode);
    await shot('zh-payment-qr');
  });

  it("shows the day's totals and a chart of the last 30 days", async () => {
    await open('#/reports', '日报与月度');
    const day = page.locator('table.day-report');
    await day.waitFor();
    // Shouqianba today: 19.99 in review (resolved failed), 25.00 paid, 10.00 waiting: 25.00 paid, 5.05 refunded.
    const shouqianba = day.locator('tbody tr', { hasText: '收钱吧' });
    expect(await shouqianba.textContent()).toContain('¥25.00');
    expect(await shouqianba.textContent()).toContain('¥5.05');
    await page.locator('.chart-box canvas').waitFor();
    expect(await page.locator('table.chart-data tbody tr').count()).toBe(30);
    await shot('zh-reports');
  });

  it('runs a reconciliation now and lists it among the latest runs', async () => {
    await open('#/reconciliation', '对账');
    await page.getByRole('button', { name: '立即对账' }).click();
    await expect.poll(() => page.textContent('[role=status]')).toMatch(/对账完成：查询 \d+ 笔/);
    await expect.poll(() => page.textContent('table.runs tbody tr')).toContain('手动');
    await shot('zh-reconciliation');
  });

  it('switches to English, with every view in English', async () => {
    await open('#/review', '待人工复核');
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Waiting for review' }).waitFor();
    await expect.poll(() => inPage('document.documentElement.lang')).toBe('en');
    const card = page.locator('li.review-item', { hasText: made.reviewEn.merchantOrderNo });
    expect(await card.textContent()).toContain('Payment outcome unknown');
    expect(await page.getByRole('navigation').textContent()).toBe('ReviewPaymentsDay and monthReconciliation');
    await shot('en-review');

    await open(`#/payments/${made.reviewEn.id}`, /Payment/);
    await page.getByRole('heading', { level: 3, name: 'Resolve' }).waitFor();
    expect(await page.textContent('.review-panel')).toContain('Shouqianba PAY_FAIL_ERROR');
    await shot('en-review-detail');
    await open(`#/payments/${made.paid.id}`, /Payment/);
    expect(await page.textContent('#refunds-heading + .table-wrap')).toContain('Succeeded');
    await shot('en-payment-refunded');
    await open(`#/payments/${made.qr.id}`, /Payment/);
    await page.getByRole('img', { name: 'QR code for the payer to scan with their wallet' }).waitFor();
    await shot('en-payment-qr');
    await open('#/reports', 'Day and month');
    await page.locator('.chart-box canvas').waitFor();
    expect(await page.textContent('table.day-report caption')).toMatch(/^Totals per provider for \d{4}-\d{2}-\d{2}$/);
    await shot('en-reports');
    await open('#/reconciliation', 'Reconciliation');
    await expect.poll(() => page.textContent('table.runs tbody tr')).toContain('Manual');
    await shot('en-reconciliation');
  });

  it('fits a 360 px phone screen without sideways scrolling, of the page or of a table', async () => {
    await page.setViewportSize({ width: 360, height: 780 });
    await page.getByRole('button', { name: '中文' }).click();
    const views: [string, string, string | RegExp][] = [
      ['review', '#/review', '待人工复核'],
      ['payments', '#/payments', '查询支付'],
      ['payment-refunded', `#/payments/${made.paid.id}`, /支付/],
      ['payment-qr', `#/payments/${made.qr.id}`, /支付/],
      ['reports', '#/reports', '日报与月度'],
      ['reconciliation', '#/reconciliation', '对账'],
    ];
    for (const [name, hash, heading] of views) {
      await open(hash, heading);
      await page.waitForLoadState('networkidle');
      if (name === 'reports') await page.locator('.chart-box canvas').waitFor();
      expect(await inPage<number>('document.documentElement.scrollWidth'), name).toBeLessThanOrEqual(360);
      // Nor inside: no table on view hides columns behind a sideways scroll (the chart's data, folded away, may).
      const hidden = await inPage<number>(
        '[...document.querySelectorAll(".table-wrap")].filter((w) => w.checkVisibility() && w.scrollWidth > w.clientWidth).length',
      );
      expect(hidden, name).toBe(0);
      await shot(`phone-${name}`);
    }
    await page.setViewportSize({ width: 1100, height: 900 });
  });

  it('is worked with the keyboard: focus lands on each new view, then real links and buttons in order', async () => {
    await open('#/review', '待人工复核');
    const focused = () => inPage('document.activeElement.tagName + " " + document.activeElement.textContent.trim()');
    expect(await focused()).toBe('H1 待人工复核');
    const stops = async (key: string, count: number) => {
      const seen: string[] = [];
      for (let i = 0; i < count; i++) {
        await page.keyboard.press(key);
        seen.push(await focused());
      }
      return seen;
    };
    expect(await stops('Shift+Tab', 7)).toEqual([
      'A 对账',
      'A 日报与月度',
      'A 查询支付',
      'A 待复核',
      'BUTTON 退出',
      'BUTTON English',
      'A 跳到正文',
    ]);
    expect(await stops('Tab', 6)).toEqual([
      'BUTTON English',
      'BUTTON 退出',
      'A 待复核',
      'A 查询支付',
      'A 日报与月度',
      'A 对账',
    ]);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: '对账' }).waitFor();
    expect(await focused()).toBe('H1 对账');
    expect(await stops('Tab', 1)).toEqual(['BUTTON 立即对账']);
  });

  it('signs out, clearing the key from the tab, with no script or CSP error along the way', async () => {
    await page.getByRole('button', { name: '退出' }).click();
    await page.getByRole('heading', { level: 1, name: '登录' }).waitFor();
    expect(await inPage('sessionStorage.getItem("paybridge.console.key")')).toBeNull();
    expect(await page.textContent('#sign-in-message')).toContain('已退出');
    expect(problems).toEqual([]);
  });
});
