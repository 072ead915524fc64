import * as z from 'zod';
import { providers } from '../domain/payment';
import { accountFieldSchemas } from '../tenancy/account-fields';
import { scopes } from '../tenancy/scopes';
import { named } from './components';

/** Tenant ids: lower-case letters, digits, `-` and `_`, starting with a letter or digit (so `_platform` is never one). */
export const tenantIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'lower-case letters, digits, - and _, starting with a letter or digit');

export const createTenantSchema = named(
  'CreateTenant',
  z.strictObject({ id: tenantIdSchema, name: z.string().trim().min(1).max(128) }),
);
export const tenantParams = z.object({ id: tenantIdSchema });
export const accountParams = z.object({ id: tenantIdSchema, provider: z.enum(providers) });
export const keyParams = z.object({ id: tenantIdSchema, keyId: z.string().regex(/^[0-9a-f]{16}$/, 'a key id') });
export const createKeySchema = named(
  'CreateKey',
  z.strictObject({ scopes: z.array(z.enum(scopes)).min(1).max(scopes.length) }),
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
    disabledAt: z.string().nullable(),
  }),
);

export const maskedAccountSchema = named(
  'Account',
  z
    .looseObject({ provider: z.enum(providers), version: z.number().int(), updatedAt: z.string() })
    .describe('An account with every secret shown as its last four characters.'),
);

export const keyRecordSchema = named(
  'KeyRecord',
  z.object({
    keyId: z.string(),
    prefix: z.string(),
    scopes: z.array(z.enum(scopes)),
    createdAt: z.string(),
    revokedAt: z.string().nullable(),
  }),
);

export const tenantDetailSchema = named(
  'TenantDetail',
  tenantSchema.extend({ accounts: z.array(maskedAccountSchema), keys: z.array(keyRecordSchema) }),
);
export const createdTenantSchema = named(
  'CreatedTenant',
  tenantSchema.extend({
    signingSecret: z.string().describe("Signs the tenant's notifyUrl notifications; shown here only."),
  }),
);
export const rotatedSigningSecretSchema = named(
  'RotatedSigningSecret',
  z.object({ secret: z.string(), previousSecretExpiresAt: z.string().nullable() }),
);
export const tenantListSchema = named('TenantList', z.object({ data: z.array(tenantSchema) }));
export const createdKeySchema = named(
  'CreatedKey',
  z.object({ keyId: z.string(), key: z.string(), scopes: z.array(z.enum(scopes)) }),
);
