import type { Runtime } from '../lib/runtime';
import { TenantExistsError } from '../lib/store/tenants';
import type { AccountFields } from '../lib/tenancy/account-fields';
import { platformTenantId } from '../lib/tenancy/scopes';

export interface LocalTenancy {
  /** `API_KEYS` pairs: each tenant gets every provider account below and a key with every scope but `admin`. */
  apiKeys: { tenantId: string; key: string }[];
  accounts: AccountFields;
  adminKey: string;
  /** The `API_KEYS` tenants' signing secret for `notifyUrl` notifications (`WEBHOOK_SECRET`). */
  webhookSecret: string;
}

/**
 * What `npm start` sets up so that existing callers work unchanged: the `API_KEYS` tenants with the environment's
 * provider settings as their accounts (an unchanged account keeps its version across restarts), `WEBHOOK_SECRET` as
 * their signing secret, their keys, and one admin key. In AWS nothing is seeded: each tenant registers its own accounts.
 */
export const seedTenants = async (rt: Runtime, seed: LocalTenancy): Promise<void> => {
  for (const { tenantId, key } of seed.apiKeys) {
    await rt.tenants.create(tenantId, tenantId).catch((error: unknown) => {
      if (!(error instanceof TenantExistsError)) throw error;
    });
    await rt.accounts.put(tenantId, 'shouqianba', seed.accounts.shouqianba);
    await rt.accounts.put(tenantId, 'zhixiao', seed.accounts.zhixiao);
    await rt.accounts.put(tenantId, 'tcc', seed.accounts.tcc);
    await rt.apiKeys.create(tenantId, { key });
    await rt.signingSecrets.setSigningSecret(tenantId, seed.webhookSecret);
  }
  await rt.apiKeys.create(platformTenantId, { key: seed.adminKey, scopes: ['admin'] });
};
