/**
 * What an API key may do (API.md "Tenants, keys and scopes"): `payments:write` creates and changes payments,
 * `payments:read` reads them, `operator` runs the desk (resolve, reconciliations, reports, Zhixiao look-ups,
 * webhook endpoints), `admin` manages tenants, accounts and keys.
 */
export const scopes = ['payments:write', 'payments:read', 'operator', 'admin'] as const;
export type Scope = (typeof scopes)[number];

/** What a tenant's key gets when nobody says otherwise: everything but `admin`. */
export const tenantScopes: readonly Scope[] = scopes.filter((s) => s !== 'admin');

/** Admin keys belong to this tenant id, which no tenant can take (tenant ids start with a letter or digit). */
export const platformTenantId = '_platform';
