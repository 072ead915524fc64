import { ValidationError } from '../domain/errors';
import type { ProviderName } from '../domain/payment';
import { fieldErrorsOf } from '../http/problem';
import type { Runtime } from '../runtime';
import type { MaskedAccount } from '../store/accounts';
import type { Tenant } from '../store/tenants';
import { type AccountFields, accountFieldSchemas } from './account-fields';

type AdminDeps = Pick<Runtime, 'tenants' | 'accounts' | 'apiKeys'>;

/** A tenant with its current accounts (secrets masked) and its keys (never the keys themselves). */
export const tenantDetail = async (rt: AdminDeps, id: string) => {
  const tenant: Tenant = await rt.tenants.require(id);
  const [accounts, keys] = await Promise.all([rt.accounts.maskedCurrent(id), rt.apiKeys.list(id)]);
  return {
    ...tenant,
    accounts,
    keys: keys.map(({ keyId, prefix, scopes, createdAt, revokedAt }) => ({
      keyId,
      prefix,
      scopes,
      createdAt,
      revokedAt,
    })),
  };
};

/** Validates `body` as the provider's account fields (400 naming each field) and writes it as the next version. */
export const setAccount = async (
  rt: AdminDeps,
  tenantId: string,
  provider: ProviderName,
  body: unknown,
): Promise<MaskedAccount> => {
  await rt.tenants.require(tenantId);
  const parsed = accountFieldSchemas[provider].safeParse(body);
  if (!parsed.success) {
    throw new ValidationError(`The ${provider} account is not valid.`, fieldErrorsOf(parsed.error));
  }
  const account = await rt.accounts.put(tenantId, provider, parsed.data as AccountFields[typeof provider]);
  const masked = (await rt.accounts.maskedCurrent(tenantId)).find((a) => a.provider === provider);
  if (!masked || masked.version !== account.version) throw new Error('the account just written is not current');
  return masked;
};
