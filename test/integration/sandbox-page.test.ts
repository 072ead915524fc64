import { afterEach, describe, expect, it } from 'vitest';
import { type RunningSandbox, type SandboxOptions, startSandbox } from '../../sandbox/server';

let sandbox: RunningSandbox | undefined;
afterEach(() => sandbox?.close());

/** A TCC sandbox on its own, with one WX_NATIVE order made straight through its API. */
const tccOrder = async (options: Partial<SandboxOptions> = {}) => {
  sandbox = await startSandbox({ port: 0, tcc: {}, ...options });
  const res = await fetch(`${sandbox.url}/api/tcc-settlement/open-api/payment`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{"orgId":1,"userId":2,"userType":1,"paymentTypeCode":"WX_NATIVE","fee":19.99,"financialType":"102","content":"[{\\"fee\\":\\"19.99\\"}]","operator":"desk-1","body":"Overdue fine"}',
  });
  const { data } = (await res.json()) as { data: { orderId: string; qrCodeUrl: string } };
  return { sandbox, ...data };
};

const page = async (s: RunningSandbox, part = '') => {
  const res = await fetch(`${s.url}/sandbox${part}`);
  return { status: res.status, html: await res.text() };
};

describe('the /sandbox page', () => {
  it('runs without paybridge: the order, its QR code and the payer controls, no payment named', async () => {
    const { sandbox: s, orderId, qrCodeUrl } = await tccOrder();
    const { status, html } = await page(s);
    expect(status).toBe(200);
    expect(html).toContain(`data-ref="${orderId}" data-payment=""`);
    expect(html).toContain('not known to paybridge');
    expect(html).toContain('<svg');
    expect(html).toContain(`>${qrCodeUrl}</a>`);
    expect(html).toContain(`action="/sandbox/tcc/orders/${orderId}/pay"`);
  });

  it('names the paybridge payment and its status from the look-up, asked by the TCC orderId', async () => {
    const asked: string[] = [];
    const { sandbox: s, orderId } = await tccOrder({
      lookup: async (ref) => {
        asked.push(ref);
        return { id: 'pay_TEST', status: 'pending' };
      },
    });
    const { html } = await page(s, '?part=orders');
    expect(asked).toEqual([orderId]);
    expect(html).toContain('data-payment="pay_TEST"');
    expect(html).toContain('<span class="badge paybridge-status">pending</span>');
    expect(html).not.toContain('<html');
  });

  it('still answers when the look-up fails', async () => {
    const { sandbox: s, orderId } = await tccOrder({ lookup: () => Promise.reject(new Error('store down')) });
    const { status, html } = await page(s);
    expect(status).toBe(200);
    expect(html).toContain(`data-ref="${orderId}" data-payment=""`);
  });
});
