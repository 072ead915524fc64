import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useGateway, zhixiaoPayment } from '../support/gateway';

/** Debian's chromium package; `.ci/run` installs it. */
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const haveChromium = existsSync(chromiumPath);
if (!haveChromium) {
  console.warn(`Skipping the hosted-page browser test: no Chromium at ${chromiumPath} (apt-get install chromium).`);
}

const gw = useGateway();

describe.skipIf(!haveChromium)('Zhixiao hosted pay page in headless Chromium', () => {
  it('a person opens action.url, presses Pay, and the payment reads paid within a second', async () => {
    const created = await gw.request<{ id: string; action: { url: string } }>('POST', '/v1/payments', {
      body: zhixiaoPayment('h5'),
    });
    expect(created.status).toBe(201);
    const browser = await chromium.launch({
      executablePath: chromiumPath,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
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
