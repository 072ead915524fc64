import { UnsupportedMethodError } from '../domain/errors';
import { type Payment, type ProviderName, providers } from '../domain/payment';
import type { PaymentProvider } from '../providers/provider';
import type { Account, AccountStore } from '../store/accounts';
import type { AccountRef } from './account-fields';

/** Finds the provider adapter for a payment or a tenant: every call goes through the account it belongs to. */
export interface ProviderResolver {
  /** The adapter of the account version the payment was created with. */
  forPayment(p: Pick<Payment, 'tenantId' | 'provider' | 'account'>): Promise<PaymentProvider>;
  /** The tenant's current account at `name`; 422 `unsupported_method` when it has none. */
  current(tenantId: string, name: ProviderName): Promise<{ provider: PaymentProvider; account: AccountRef }>;
  /** The providers the tenant has an account at. */
  enabled(tenantId: string): Promise<ProviderName[]>;
}

/** Deployment-wide settings every adapter takes beside its account. */
export interface AdapterSettings {
  timeoutMs: number;
  /** `${PUBLIC_BASE_URL}/webhooks/zhixiao`: where Zhixiao sends its notify. */
  zhixiaoNotifyUrl: string;
}

const trimmed = (url: string) => url.replace(/\/+$/, '');

/** One adapter for one account version; its provider's code is loaded when the first account of it is used. */
const adapterOf = async (account: Account, settings: AdapterSettings): Promise<PaymentProvider> => {
  const { timeoutMs } = settings;
  switch (account.provider) {
    case 'shouqianba': {
      const f = (account as Account<'shouqianba'>).fields;
      const { ShouqianbaAdapter } = await import('../providers/shouqianba/adapter');
      return new ShouqianbaAdapter({ ...f, baseUrl: trimmed(f.baseUrl), timeoutMs });
    }
    case 'zhixiao': {
      const f = (account as Account<'zhixiao'>).fields;
      const { ZhixiaoAdapter } = await import('../providers/zhixiao/adapter');
      return new ZhixiaoAdapter({ ...f, baseUrl: trimmed(f.baseUrl), notifyUrl: settings.zhixiaoNotifyUrl, timeoutMs });
    }
    case 'tcc': {
      const f = (account as Account<'tcc'>).fields;
      const { TccAdapter } = await import('../providers/tcc/adapter');
      return new TccAdapter({ baseUrl: trimmed(f.baseUrl), token: f.token, timeoutMs });
    }
  }
};

/** Payments created before accounts were versioned used the first version. */
const versionOf = (p: Pick<Payment, 'account'>) => p.account?.version ?? 1;

/** Resolves adapters from the tenants' stored accounts; adapters of immutable versions are kept per process. */
export class AccountProviders implements ProviderResolver {
  private readonly adapters = new Map<string, PaymentProvider>();

  constructor(
    private readonly accounts: AccountStore,
    private readonly settings: AdapterSettings,
  ) {}

  private async adapter(tenantId: string, name: ProviderName, version: number): Promise<PaymentProvider> {
    const key = `${tenantId}#${name}#${version}`;
    const cached = this.adapters.get(key);
    if (cached) return cached;
    const account = await this.accounts.get(tenantId, name, version);
    if (!account) throw new UnsupportedMethodError(`The ${name} account this payment used no longer exists.`);
    const adapter = await adapterOf(account, this.settings);
    this.adapters.set(key, adapter);
    return adapter;
  }

  forPayment(p: Pick<Payment, 'tenantId' | 'provider' | 'account'>): Promise<PaymentProvider> {
    return this.adapter(p.tenantId, p.provider, versionOf(p));
  }

  async current(tenantId: string, name: ProviderName) {
    const version = await this.accounts.currentVersion(tenantId, name);
    if (!version) {
      const enabled = (await this.enabled(tenantId)).join(', ') || 'none';
      throw new UnsupportedMethodError(`This tenant has no ${name} account (it has: ${enabled}).`);
    }
    return { provider: await this.adapter(tenantId, name, version), account: { version } };
  }

  async enabled(tenantId: string): Promise<ProviderName[]> {
    const versions = await Promise.all(providers.map((name) => this.accounts.currentVersion(tenantId, name)));
    return providers.filter((_, i) => versions[i] !== undefined);
  }
}
