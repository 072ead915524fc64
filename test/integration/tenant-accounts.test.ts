import { describe, expect, it } from 'vitest';
import { authorizationHeader } from '../../lib/providers/shouqianba/codec';
import { shouqianbaQr, tccPayment, useGateway, zhixiaoPayment } from '../support/gateway';

const gw = useGateway();
const admin = () => ({ key: gw.gateway.adminKey });
type Payment = { id: string; status: string; providerRefs: { orderId?: string } };

/** Two tenants, each with its own terminal, app and token, registered at the sandboxes too. */
const accounts = (tag: string) => ({
  shouqianba: { terminalSn: `T-${tag}-${Date.now()}`, terminalKey: `terminal-key-${tag}-0123456789` },
  zhixiao: { appId: `app-${tag}-${Date.now()}`, appSecret: `app-secret-${tag}`, aesKey: `${tag}`.padEnd(32, 'K') },
  tcc: { token: `tcc-token-${tag}-0123456789` },
});

const tenantWith = async (tag: string) => {
  const id = `acc-${tag}-${Date.now().toString(36)}`;
  const a = accounts(tag);
  await gw.request('POST', '/v1/admin/tenants', { ...admin(), body: { id, name: tag } });
  for (const [provider, fields] of Object.entries(a)) {
    await gw.sandboxControl(`/sandbox/${provider}/accounts`, fields);
    const put = await gw.request('PUT', `/v1/admin/tenants/${id}/accounts/${provider}`, {
      ...admin(),
      body: { baseUrl: gw.sandboxUrl, ...fields },
    });
    expect(put.status).toBe(200);
  }
  const key = await gw.request<{ key: string }>('POST', `/v1/admin/tenants/${id}/keys`, {
    ...admin(),
    body: { scopes: ['payments:write', 'payments:read', 'operator'] },
  });
  return { id, key: key.body.key, accounts: a };
};

describe('each tenant pays through its own provider accounts', () => {
  it('sends every provider call of a tenant through that tenant’s terminal, app and token', async () => {
    const a = await tenantWith('a');
    const b = await tenantWith('b');
    const sandbox = gw.gateway.sandbox;
    for (const t of [a, b]) {
      const sqb = await gw.request<Payment>('POST', '/v1/payments', { key: t.key, body: shouqianbaQr() });
      expect(sqb.status).toBe(201);
      expect(sandbox?.shouqianba?.book.orders.get(sqb.body.id)?.terminalSn).toBe(t.accounts.shouqianba.terminalSn);

      const zx = await gw.request<Payment>('POST', '/v1/payments', { key: t.key, body: zhixiaoPayment() });
      expect(zx.status).toBe(201);
      expect(sandbox?.zhixiao?.book.orders.get(zx.body.id)?.appId).toBe(t.accounts.zhixiao.appId);
      // The payer pays: Zhixiao notifies, signed with this tenant's app, and the payment is paid.
      await gw.sandboxControl(`/sandbox/zhixiao/orders/${zx.body.providerRefs.orderId}/pay`);
      expect((await gw.waitFor(zx.body.id, (p) => p.status === 'paid', 5_000, t.key)).status).toBe('paid');

      const tcc = await gw.request<Payment>('POST', '/v1/payments', {
        key: t.key,
        body: tccPayment('qrcode', 'wechat'),
      });
      expect(tcc.status).toBe(201);
      expect(sandbox?.tcc?.book.get(tcc.body.providerRefs.orderId as string)?.account).toBe(t.accounts.tcc.token);
    }
  });

  it('keeps older payments on the account version they were made with after the tenant rotates it', async () => {
    const a = await tenantWith('r');
    const before = await gw.request<Payment>('POST', '/v1/payments', { key: a.key, body: shouqianbaQr() });
    const rotated = { terminalSn: `T-r2-${Date.now()}`, terminalKey: 'terminal-key-r2-0123456789' };
    await gw.sandboxControl('/sandbox/shouqianba/accounts', rotated);
    const put = await gw.request('PUT', `/v1/admin/tenants/${a.id}/accounts/shouqianba`, {
      ...admin(),
      body: { baseUrl: gw.sandboxUrl, ...rotated },
    });
    expect(put.body).toMatchObject({ version: 2, terminalSn: rotated.terminalSn });
    // A rotation reaches new payments within the account cache time; this gateway's process saw it at once.
    const after = await gw.request<Payment>('POST', '/v1/payments', { key: a.key, body: shouqianbaQr() });
    expect(gw.gateway.sandbox?.shouqianba?.book.orders.get(after.body.id)?.terminalSn).toBe(rotated.terminalSn);

    // The older payment is paid at its own terminal and is still read and refunded through it.
    await gw.sandboxControl(`/sandbox/shouqianba/orders/${before.body.id}/pay`);
    const fresh = await gw.request<Payment>('GET', `/v1/payments/${before.body.id}?refresh=true`, { key: a.key });
    expect(fresh.body.status).toBe('paid');
    const refund = await gw.request('POST', `/v1/payments/${before.body.id}/refunds`, { key: a.key, body: {} });
    expect(refund.body).toMatchObject({ status: 'succeeded' });
    const calls = gw.shouqianbaCalls(before.body.id).map((c) => c.body.terminal_sn);
    expect(new Set(calls)).toEqual(new Set([a.accounts.shouqianba.terminalSn]));
  });

  it('never lets one tenant’s terminal see another’s orders at the provider', async () => {
    const a = await tenantWith('x');
    const b = await tenantWith('y');
    const paidByA = await gw.request<Payment>('POST', '/v1/payments', { key: a.key, body: shouqianbaQr() });
    // Asked with B's terminal, the provider knows no such order.
    const body = JSON.stringify({ terminal_sn: b.accounts.shouqianba.terminalSn, client_sn: paidByA.body.id });
    const res = await fetch(`${gw.sandboxUrl}/upay/v2/query`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: authorizationHeader(b.accounts.shouqianba.terminalSn, body, b.accounts.shouqianba.terminalKey),
      },
      body,
    });
    expect(await res.json()).toMatchObject({ biz_response: { error_code: 'UPAY_ORDER_NOT_EXISTS' } });
    // B's key cannot reach A's payment, nor A's accounts.
    expect((await gw.request('GET', `/v1/payments/${paidByA.body.id}`, { key: b.key })).status).toBe(404);
    const shown = await gw.request('GET', `/v1/admin/tenants/${a.id}`, { key: b.key });
    expect(shown.status).toBe(403);
    expect(JSON.stringify(shown.body)).not.toContain(a.accounts.shouqianba.terminalKey);
  });
});
