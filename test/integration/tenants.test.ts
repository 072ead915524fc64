import { describe, expect, it } from 'vitest';
import { routes } from '../../lib/http/routes';
import { type Scope, scopes } from '../../lib/tenancy/scopes';
import { adminApi, runTenantsCommand } from '../../scripts/tenants';
import { demoKey, orderNo, otherKey, shouqianbaBarcode, useGateway } from '../support/gateway';

const gw = useGateway();
const admin = () => ({ key: gw.gateway.adminKey });
type Tenant = { id: string; status: string; accounts: Record<string, unknown>[]; keys: { keyId: string }[] };

/** A fresh tenant id, unique within the run. */
const tenantId = () => `t-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6)}`;

/** A new tenant with a key of exactly these scopes. */
const tenantWithKey = async (keyScopes: Scope[]) => {
  const id = tenantId();
  expect((await gw.request('POST', '/v1/admin/tenants', { ...admin(), body: { id, name: id } })).status).toBe(201);
  const created = await gw.request<{ key: string }>('POST', `/v1/admin/tenants/${id}/keys`, {
    ...admin(),
    body: { scopes: keyScopes },
  });
  expect(created.status).toBe(201);
  return { id, key: created.body.key };
};

/** A concrete path for a route template (the ids need not exist: scope is checked before anything is read). */
const pathOf = (template: string) =>
  template
    .replace('{date}', '2026-12-01')
    .replace('{provider}', 'tcc')
    .replace('{keyId}', '0123456789abcdef')
    .replace(/\{\w+\}/g, 'x1');

describe('scopes: every route × every scope', () => {
  it('answers 403 forbidden naming the scope for a key without it, and lets a key with it through', async () => {
    const keys = Object.fromEntries(
      await Promise.all(scopes.map(async (s) => [s, (await tenantWithKey([s])).key] as const)),
    ) as Record<Scope, string>;
    const checked: string[] = [];
    for (const route of routes.filter((r) => r.auth)) {
      for (const scope of scopes) {
        const res = await gw.request(route.method, pathOf(route.path), { key: keys[scope] });
        const where = `${route.method} ${route.path} with ${scope}`;
        if (scope === route.scope) {
          expect(res.status, where).not.toBe(403);
          expect(res.status, where).not.toBe(401);
        } else {
          expect({ where, status: res.status, code: res.body.code }).toEqual({ where, status: 403, code: 'forbidden' });
          expect(res.body.detail, where).toContain(route.scope);
        }
        checked.push(where);
      }
    }
    expect(checked).toHaveLength(routes.filter((r) => r.auth).length * scopes.length);
  });

  it('names a scope for every route that needs a key', () => {
    expect(routes.filter((r) => r.auth && !r.scope).map((r) => r.path)).toEqual([]);
  });
});

describe('the admin API', () => {
  it('creates a tenant once, lists and shows it, and refuses a second with the same id', async () => {
    const id = tenantId();
    const created = await gw.request('POST', '/v1/admin/tenants', { ...admin(), body: { id, name: 'City Library' } });
    expect(created).toMatchObject({ status: 201, body: { id, name: 'City Library', status: 'active' } });
    const again = await gw.request('POST', '/v1/admin/tenants', { ...admin(), body: { id, name: 'x' } });
    expect(again).toMatchObject({ status: 409, body: { code: 'tenant_exists' } });
    const list = await gw.request<{ data: { id: string }[] }>('GET', '/v1/admin/tenants', admin());
    expect(list.body.data.map((t) => t.id)).toContain(id);
  });

  it('refuses tenant ids outside the safe charset', async () => {
    for (const id of ['_platform', 'A#B', ' ', 'a'.repeat(64)]) {
      const res = await gw.request('POST', '/v1/admin/tenants', { ...admin(), body: { id, name: 'x' } });
      expect(res.status, id).toBe(400);
    }
  });

  it('stores account secrets sealed and shows only their last four characters, to the admin only', async () => {
    const { id, key } = await tenantWithKey(['payments:write', 'payments:read', 'operator']);
    const account = {
      baseUrl: gw.sandboxUrl,
      terminalSn: '100000330010000001',
      terminalKey: 'sandbox-terminal-key-0123456789ab',
    };
    const put = await gw.request('PUT', `/v1/admin/tenants/${id}/accounts/shouqianba`, { ...admin(), body: account });
    expect(put).toMatchObject({ status: 200, body: { provider: 'shouqianba', version: 1, terminalKey: '…89ab' } });
    const shown = await gw.request<Tenant>('GET', `/v1/admin/tenants/${id}`, admin());
    expect(JSON.stringify(shown.body)).not.toContain('sandbox-terminal-key');
    expect(shown.body.accounts).toEqual([expect.objectContaining({ provider: 'shouqianba', terminalKey: '…89ab' })]);
    // The tenant's own keys cannot read it, nor another tenant's accounts.
    expect((await gw.request('GET', `/v1/admin/tenants/${id}`, { key })).status).toBe(403);
    expect((await gw.request('GET', '/v1/admin/tenants/demo', { key: demoKey })).status).toBe(403);
  });

  it('refuses an account whose fields do not fit the provider, naming each field', async () => {
    const { id } = await tenantWithKey(['payments:read']);
    const res = await gw.request('PUT', `/v1/admin/tenants/${id}/accounts/zhixiao`, {
      ...admin(),
      body: { baseUrl: 'ftp://x', appId: 'a', appSecret: 'short', aesKey: 'too-short' },
    });
    expect(res.status).toBe(400);
    expect((res.body.errors as { path: string }[]).map((e) => e.path).sort()).toEqual([
      'aesKey',
      'appSecret',
      'baseUrl',
    ]);
    const shown = await gw.request<Tenant>('GET', `/v1/admin/tenants/${id}`, admin());
    expect(shown.body.accounts).toEqual([]);
  });

  it('answers a tenant with no account at a provider with 422 unsupported_method naming it, and capabilities per tenant', async () => {
    const { key } = await tenantWithKey(['payments:write', 'payments:read']);
    const res = await gw.request('POST', '/v1/payments', { key, body: shouqianbaBarcode('139900001111222233') });
    expect(res).toMatchObject({ status: 422, body: { code: 'unsupported_method' } });
    expect(res.body.detail).toContain('shouqianba');
    const caps = await gw.request<Record<string, { enabled: boolean }>>('GET', '/v1/capabilities', { key });
    expect(Object.values(caps.body).map((c) => c.enabled)).toEqual([false, false, false]);
    const demoCaps = await gw.request<Record<string, { enabled: boolean }>>('GET', '/v1/capabilities');
    expect(Object.values(demoCaps.body).every((c) => c.enabled)).toBe(true);
  });

  it('disables a tenant: its keys answer 401, its payments stay', async () => {
    const { id, key } = await tenantWithKey(['payments:write', 'payments:read']);
    await gw.request('PUT', `/v1/admin/tenants/${id}/accounts/shouqianba`, {
      ...admin(),
      body: {
        baseUrl: gw.sandboxUrl,
        terminalSn: '100000330010000001',
        terminalKey: 'sandbox-terminal-key-0123456789ab',
      },
    });
    const paid = await gw.request('POST', '/v1/payments', { key, body: shouqianbaBarcode('139900001111222233') });
    expect(paid.body.status).toBe('paid');
    const disabled = await gw.request<Tenant>('POST', `/v1/admin/tenants/${id}/disable`, admin());
    expect(disabled.body.status).toBe('disabled');
    expect((await gw.request('GET', `/v1/payments/${paid.body.id}`, { key })).status).toBe(401);
    const shown = await gw.request<Tenant>('GET', `/v1/admin/tenants/${id}`, admin());
    expect(shown.body.status).toBe('disabled');
  });

  it('revokes a key: it answers 401', async () => {
    const { id, key } = await tenantWithKey(['payments:read']);
    const shown = await gw.request<Tenant>('GET', `/v1/admin/tenants/${id}`, admin());
    const keyId = shown.body.keys[0]?.keyId as string;
    expect((await gw.request('DELETE', `/v1/admin/tenants/${id}/keys/${keyId}`, admin())).status).toBe(204);
    expect((await gw.request('GET', '/v1/payments', { key })).status).toBe(401);
  });
});

describe('npm run tenants, against the running gateway', () => {
  it('creates a tenant, sets an account, rotates its key and shows it with secrets masked', async () => {
    const call = adminApi(gw.url, gw.gateway.adminKey);
    const id = tenantId();
    expect((await runTenantsCommand(['create', id, 'East', 'Campus'], call)).code).toBe(0);
    const set = await runTenantsCommand(
      ['set-account', id, 'tcc', `baseUrl=${gw.sandboxUrl}`, 'token=tcc-token-1234'],
      call,
    );
    expect(set.code).toBe(0);
    expect(set.lines.join()).toContain('…1234');
    const first = await runTenantsCommand(['rotate-key', id, 'payments:read'], call);
    expect(first.code).toBe(0);
    const firstKey = JSON.parse(first.lines[0] as string) as { key: string; keyId: string };
    const second = await runTenantsCommand(['rotate-key', id, firstKey.keyId], call);
    expect(second.lines.at(-1)).toBe(`revoked ${firstKey.keyId}`);
    const secondKey = JSON.parse(second.lines[0] as string) as { key: string; scopes: string[] };
    expect(secondKey.scopes).toEqual(['payments:read']);
    expect((await gw.request('GET', '/v1/payments', { key: firstKey.key })).status).toBe(401);
    expect((await gw.request('GET', '/v1/payments', { key: secondKey.key })).status).toBe(200);
    const shown = await runTenantsCommand(['show', id], call);
    expect(shown.lines.join()).not.toContain('tcc-token-1234');
    expect((await runTenantsCommand(['frobnicate'], call)).code).toBe(2);
  });
});

describe('tenant isolation', () => {
  it('never lets tenant B read, change or learn about tenant A’s payment', async () => {
    const a = await gw.request('POST', '/v1/payments', { body: shouqianbaBarcode('139900001111222233') });
    const id = a.body.id as string;
    for (const [method, path] of [
      ['GET', `/v1/payments/${id}`],
      ['GET', `/v1/payments/${id}/events`],
      ['GET', `/v1/payments/${id}/refunds`],
      ['POST', `/v1/payments/${id}/refunds`],
      ['POST', `/v1/payments/${id}/cancel`],
    ] as const) {
      expect(
        (await gw.request(method, path, { key: otherKey, ...(method === 'POST' ? { body: {} } : {}) })).status,
        path,
      ).toBe(404);
    }
    const list = await gw.request<{ data: unknown[] }>(
      'GET',
      `/v1/payments?merchantOrderNo=${a.body.merchantOrderNo as string}`,
      { key: otherKey },
    );
    expect(list.body.data).toEqual([]);
    expect(orderNo()).not.toBe(a.body.merchantOrderNo);
  });
});
