import { describe, expect, it } from 'vitest';
import { haveChromium, launchChromium } from '../support/chromium';
import { useGateway, zhixiaoPayment } from '../support/gateway';

const gw = useGateway();

describe.skipIf(!haveChromium('the hosted-page browser test'))('Zhixiao hosted pay page in headless Chromium', () => {
  it('a person opens action.url, presses Pay, and the payment reads paid within a second', async () => {
    const created = await gw.request<{ id: string; action: { url: string } }>('POST', '/v1/payments', {
      body: zhixiaoPayment('h5'),
    });
    expect(created.status).toBe(201);
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.goto(created.body.action.url);
      expect(await page.textContent('#amount')).toBe('198.00');
      await Promise.all([page.waitForURL(/\/pay\/\d+$/), page.click('#pay')]);
      expect(await page.textContent('#status')).toBe('支付成功');
      const paid = await gw.waitFor(created.body.id, (p) => p.status === 'paid', 1_000);
      expect(paid.status).toBe('paid');
    } finally {
      await browser.close();
    }
  });
});
