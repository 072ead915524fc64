import type { ProviderName } from '../domain/payment';
import * as z from '../zod';

const baseUrl = z.url({ protocol: /^https?$/ }).check(z.maxLength(300));
const id = z
  .string()
  .check(z.minLength(1), z.maxLength(64), z.regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces'));
const secret = z.string().check(z.minLength(8), z.maxLength(256));

/** What a tenant registers per provider (API.md "Tenants, keys and scopes"). */
export const accountFieldSchemas = {
  shouqianba: z.strictObject({ baseUrl, terminalSn: id, terminalKey: secret }),
  zhixiao: z.strictObject({ baseUrl, appId: id, appSecret: secret, aesKey: z.string().check(z.length(32)) }),
  tcc: z.strictObject({ baseUrl, token: z.optional(secret) }),
} as const satisfies Record<ProviderName, z.ZodMiniType>;

export type AccountFields = { [P in ProviderName]: z.infer<(typeof accountFieldSchemas)[P]> };

/** The fields of each provider's account that are secrets: sealed at rest, never shown but their last four. */
export const secretFields = {
  shouqianba: ['terminalKey'],
  zhixiao: ['appSecret', 'aesKey'],
  tcc: ['token'],
} as const satisfies { [P in ProviderName]: readonly (keyof AccountFields[P])[] };

/** A provider account's identity on a payment: the version it was created with. */
export interface AccountRef {
  version: number;
}
