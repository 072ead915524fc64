import { providers } from '../domain/payment';
import { accountFieldSchemas } from '../tenancy/account-fields';
import { scopes } from '../tenancy/scopes';
import * as z from '../zod';
import { named } from './components';
import { described } from './schema-parts';

/** Tenant ids: lower-case letters, digits, `-` and `_`, starting with a letter or digit (so `_platform` is never one). */
export const tenantIdSchema = z
  .string()
  .check(z.regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'lower-case letters, digits, - and _, starting with a letter or digit'));

export const createTenantSchema = named(
  'CreateTenant',
  z.strictObject({ id: tenantIdSchema, name: z.string().check(z.trim(), z.minLength(1), z.maxLength(128)) }),
);
export const tenantParams = z.object({ id: tenantIdSchema });
export const accountParams = z.object({ id: tenantIdSchema, provider: z.enum(providers) });
export const keyParams = z.object({
  id: tenantIdSchema,
  keyId: z.string().check(z.regex(/^[0-9a-f]{16}$/, 'a key id')),
});
export const createKeySchema = named(
  'CreateKey',
  z.strictObject({ scopes: z.array(z.enum(scopes)).check(z.minLength(1), z.maxLength(scopes.length)) }),
);

/**
 * The body of `PUT /v1/admin/tenants/{id}/accounts/{provider}` as documented: one provider's fields, chosen by the
 * path. The handler takes any object and checks it against the path's provider, so each bad field is named.
 */
export const accountBodySchema = named(
  'AccountFields',
  z.union([
    named('ShouqianbaAccount', accountFieldSchemas.shouqianba),
    named('ZhixiaoAccount', accountFieldSchemas.zhixiao),
    named('TccAccount', accountFieldSchemas.tcc),
  ]),
);

export const accountBodyInput = z.record(z.string(), z.unknown());

export const tenantSchema = named(
  'Tenant',
  z.object({
    id: z.string(),
    name: z.string(),
    status: z.enum(['active', 'disabled']),
    createdAt: z.string(),
    disabledAt: z.nullable(z.string()),
  }),
);

export const maskedAccountSchema = named(
  'Account',
  described(
    'An account with every secret shown as its last four characters.',
    z.looseObject({ provider: z.enum(providers), version: z.number().check(z.int()), updatedAt: z.string() }),
  ),
);

export const keyRecordSchema = named(
  'KeyRecord',
  z.object({
    keyId: z.string(),
    prefix: z.string(),
    scopes: z.array(z.enum(scopes)),
    createdAt: z.string(),
    revokedAt: z.nullable(z.string()),
  }),
);

export const tenantDetailSchema = named(
  'TenantDetail',
  z.extend(tenantSchema, { accounts: z.array(maskedAccountSchema), keys: z.array(keyRecordSchema) }),
);
export const createdTenantSchema = named(
  'CreatedTenant',
  z.extend(tenantSchema, {
    signingSecret: described("Signs the tenant's notifyUrl notifications; shown here only.", z.string()),
  }),
);
export const rotatedSigningSecretSchema = named(
  'RotatedSigningSecret',
  z.object({ secret: z.string(), previousSecretExpiresAt: z.nullable(z.string()) }),
);
export const tenantListSchema = named('TenantList', z.object({ data: z.array(tenantSchema) }));
export const createdKeySchema = named(
  'CreatedKey',
  z.object({ keyId: z.string(), key: z.string(), scopes: z.array(z.enum(scopes)) }),
);
