import jsQR from 'jsqr';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { haveChromium, launchChromium } from '../support/chromium';
import { shouqianbaQr, tccPayment, useGateway, zhixiaoPayment } from '../support/gateway';

const gw = useGateway();

type Created = { id: string; status: string; action: { qrCode?: string; url?: string } };

/** A phone's viewport: the narrowest the page is made for. */
const phone = { width: 360, height: 780 };

// Runs in the page: draws the card's QR SVG into a canvas and returns its RGBA pixels, as a camera would see them.
const rasterize = `async (selector, size) => {
  const svg = document.querySelector(selector);
  const img = new Image();
  img.src = 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(new XMLSerializer().serializeToString(svg));
  await img.decode();
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = size;
  const ctx = canvas.getContext('2d');
  ctx.drawImage(img, 0, 0, size, size);
  return Array.from(ctx.getImageData(0, 0, size, size).data);
}`;

/** What a QR reader gets from the QR code drawn on the card of `paymentId`. */
const scanQr = async (page: Page, paymentId: string): Promise<string | undefined> => {
  const size = 300;
  const selector = `article[data-payment="${paymentId}"] .qr svg`;
  const pixels = (await page.evaluate(`(${rasterize})(${JSON.stringify(selector)}, ${size})`)) as number[];
  return jsQR(Uint8ClampedArray.from(pixels), size, size)?.data;
};

const card = (page: Page, paymentId: string) => page.locator(`article[data-payment="${paymentId}"]`);

describe.skipIf(!haveChromium('the sandbox page browser test'))('the /sandbox page in headless Chromium', () => {
  it('shows each scan order at phone width as a QR code that reads back as what paybridge handed out, with paybridge’s status and the TCC payment id', async () => {
    const made = await Promise.all(
      [shouqianbaQr(), tccPayment('qrcode', 'wechat'), zhixiaoPayment('h5')].map((body) =>
        gw.request<Created>('POST', '/v1/payments', { body }),
      ),
    );
    expect(made.map((m) => m.status)).toEqual([201, 201, 201]);
    const [sqb, tcc, zx] = made.map((m) => m.body) as [Created, Created, Created];
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: phone });
      await page.goto(`${gw.sandboxUrl}/sandbox`);
      // The TCC order carries no payment id: the card names it through paybridge's own records.
      await expect(card(page, tcc.id).count()).resolves.toBe(1);
      expect(await card(page, tcc.id).getAttribute('data-provider')).toBe('tcc');
      for (const p of [sqb, tcc, zx]) {
        expect(await card(page, p.id).locator('.paybridge-status').textContent()).toBe('pending');
      }
      expect(await card(page, tcc.id).locator('.status').textContent()).toBe('未支付 (0)');
      expect(await card(page, zx.id).locator('.status').textContent()).toBe('待支付 (1)');
      expect(await scanQr(page, sqb.id)).toBe(sqb.action.qrCode);
      expect(await scanQr(page, tcc.id)).toBe(tcc.action.qrCode);
      expect(await scanQr(page, zx.id)).toBe(zx.action.url);
      // Cards fit the phone: nothing is wider than the screen.
      expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(phone.width);
      if (process.env.SANDBOX_SCREENSHOT)
        await page.screenshot({ path: process.env.SANDBOX_SCREENSHOT, fullPage: true });
    } finally {
      await browser.close();
    }
  });

  it('refreshes itself: an order paid behind its back reads paid at the provider and at paybridge, without a reload', async () => {
    const { body: p } = await gw.request<Created>('POST', '/v1/payments', { body: shouqianbaQr() });
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: phone });
      await page.goto(`${gw.sandboxUrl}/sandbox`);
      await page.evaluate('window.loadedOnce = true');
      expect(await card(page, p.id).locator('.status').textContent()).toBe('CREATED');
      expect((await gw.sandboxControl(`/sandbox/shouqianba/orders/${p.id}/pay`)).status).toBe(200);
      // Polled every second by paybridge, the page every 3 s.
      await card(page, p.id).locator('.paybridge-status', { hasText: 'paid' }).waitFor({ timeout: 10_000 });
      expect(await card(page, p.id).locator('.status').textContent()).toBe('PAID');
      expect(await card(page, p.id).locator('button').count()).toBe(0);
      expect(await page.evaluate('window.loadedOnce')).toBe(true);
    } finally {
      await browser.close();
    }
  });
});
