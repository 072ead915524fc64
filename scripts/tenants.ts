import { providers } from '../lib/domain/payment';

const usage = `usage: npm run tenants -- <command>
  create <id> <name>                      a new tenant
  list                                    every tenant
  show <id>                               a tenant, its accounts (secrets masked) and keys
  set-account <id> <provider> k=v …       e.g. set-account lib1 shouqianba baseUrl=https://… terminalSn=… terminalKey=…
  rotate-key <id> [<oldKeyId>] [scope …]  a new key (the old key's scopes, or those named, or every scope but admin);
                                          then the old key is revoked
  rotate-signing-secret <id>              a new secret for its notifyUrl notifications (the old signs 24 h more)
  disable <id>                            the tenant's keys stop working; its data stays
Talks to the admin API at PAYBRIDGE_URL (default http://127.0.0.1:3000, the npm start gateway) with ADMIN_API_KEY.`;

type Call = (method: string, path: string, body?: unknown) => Promise<{ status: number; body: unknown }>;

/** An admin API client for `baseUrl` with `adminKey`. */
export const adminApi =
  (baseUrl: string, adminKey: string): Call =>
  async (method, path, body) => {
    const res = await fetch(`${baseUrl.replace(/\/+$/, '')}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${adminKey}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };

const show = (r: { status: number; body: unknown }, ok: number[]) => ({
  lines: [JSON.stringify(r.body, null, 2)],
  code: ok.includes(r.status) ? 0 : 1,
});

/** Runs one `npm run tenants` command; returns the lines to print and the exit code. */
export const runTenantsCommand = async (args: string[], call: Call): Promise<{ lines: string[]; code: number }> => {
  const [command, id, ...rest] = args;
  const tenant = `/v1/admin/tenants/${encodeURIComponent(id ?? '')}`;
  switch (command) {
    case 'create':
      if (!id || !rest.length) break;
      return show(await call('POST', '/v1/admin/tenants', { id, name: rest.join(' ') }), [201]);
    case 'list':
      return show(await call('GET', '/v1/admin/tenants'), [200]);
    case 'show':
      if (!id) break;
      return show(await call('GET', tenant), [200]);
    case 'disable':
      if (!id) break;
      return show(await call('POST', `${tenant}/disable`), [200]);
    case 'rotate-signing-secret':
      if (!id) break;
      return show(await call('POST', `${tenant}/signing-secret/rotate`), [200]);
    case 'set-account': {
      const [provider, ...pairs] = rest;
      if (!id || !provider || !(providers as readonly string[]).includes(provider)) break;
      const fields = Object.fromEntries(pairs.map((p) => [p.slice(0, p.indexOf('=')), p.slice(p.indexOf('=') + 1)]));
      return show(await call('PUT', `${tenant}/accounts/${provider}`, fields), [200]);
    }
    case 'rotate-key': {
      if (!id) break;
      const [oldKeyId, ...named] = /^[0-9a-f]{16}$/.test(rest[0] ?? '') ? rest : [undefined, ...rest];
      const detail = (await call('GET', tenant)).body as { keys?: { keyId: string; scopes: string[] }[] } | null;
      const old = detail?.keys?.find((k) => k.keyId === oldKeyId);
      if (oldKeyId && !old) return { lines: [`tenant ${id} has no key ${oldKeyId}`], code: 1 };
      const scopes = named.length ? named : (old?.scopes ?? ['payments:write', 'payments:read', 'operator']);
      const created = await call('POST', `${tenant}/keys`, { scopes });
      if (created.status !== 201) return show(created, [201]);
      const lines = [JSON.stringify(created.body, null, 2), 'Store the key now: it is not shown again.'];
      if (oldKeyId) {
        const revoked = await call('DELETE', `${tenant}/keys/${oldKeyId}`);
        lines.push(revoked.status === 204 ? `revoked ${oldKeyId}` : `could not revoke ${oldKeyId}: ${revoked.status}`);
        if (revoked.status !== 204) return { lines, code: 1 };
      }
      return { lines, code: 0 };
    }
  }
  return { lines: [usage], code: 2 };
};

if (import.meta.url === `file://${process.argv[1]}`) {
  const adminKey = process.env.ADMIN_API_KEY;
  if (!adminKey) {
    console.error('Set ADMIN_API_KEY (npm start prints the local one).');
    process.exit(2);
  }
  const call = adminApi(process.env.PAYBRIDGE_URL ?? 'http://127.0.0.1:3000', adminKey);
  const { lines, code } = await runTenantsCommand(process.argv.slice(2), call);
  console.log(lines.join('\n'));
  process.exit(code);
}
