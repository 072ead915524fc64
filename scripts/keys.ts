import '../local/sdk-node-warning';
import { parseConfig } from '../lib/config';
import { ApiKeyStore } from '../lib/store/api-keys';
import { createDocumentClient } from '../lib/store/table';
import { platformTenantId, type Scope, scopes } from '../lib/tenancy/scopes';

const usage = `usage: npm run keys -- create <tenant> [scope …] | list <tenant> | revoke <tenant> <keyId>
Scopes: ${scopes.join(', ')} (default: every scope but admin). An admin key belongs to tenant ${platformTenantId}:
  npm run keys -- create ${platformTenantId} admin
Uses TABLE_NAME, AWS_REGION and, for the npm start table, DYNAMODB_ENDPOINT (printed at start; no AWS credentials
needed there); for a deployed table, AWS credentials as the SDK finds them.`;

/** Creates, lists and revokes a tenant's API keys; returns the lines to print and the exit code. */
export const runKeysCommand = async (
  args: string[],
  store: ApiKeyStore,
): Promise<{ lines: string[]; code: number }> => {
  const [command, tenantId, keyId, ...more] = args;
  if (command === 'create' && tenantId) {
    const named = [keyId, ...more].filter((s): s is string => !!s);
    if (named.some((s) => !(scopes as readonly string[]).includes(s))) return { lines: [usage], code: 2 };
    const { key, record } = await store.create(tenantId, named.length ? { scopes: named as Scope[] } : {});
    return {
      lines: [
        `created key ${record.keyId} for tenant ${tenantId} (${record.scopes.join(', ')})`,
        key,
        'Store it now: it is not shown again.',
      ],
      code: 0,
    };
  }
  if (command === 'list' && tenantId) {
    const keys = await store.list(tenantId);
    return {
      lines: keys.map(
        (k) =>
          `${k.keyId}  ${k.prefix}…  ${k.scopes.join(',')}  created ${k.createdAt}${k.revokedAt ? `  revoked ${k.revokedAt}` : ''}`,
      ),
      code: 0,
    };
  }
  if (command === 'revoke' && tenantId && keyId) {
    const done = await store.revoke(tenantId, keyId);
    return { lines: [done ? `revoked ${keyId}` : `tenant ${tenantId} has no key ${keyId}`], code: done ? 0 : 1 };
  }
  return { lines: [usage], code: 2 };
};

if (import.meta.url === `file://${process.argv[1]}`) {
  // The npm start table (dynalite) takes any credentials; a deployed table takes the caller's own.
  if (process.env.DYNAMODB_ENDPOINT) {
    process.env.AWS_ACCESS_KEY_ID ??= 'local';
    process.env.AWS_SECRET_ACCESS_KEY ??= 'local';
  }
  const config = parseConfig(process.env);
  const db = createDocumentClient({
    tableName: config.TABLE_NAME,
    region: config.AWS_REGION,
    endpoint: config.DYNAMODB_ENDPOINT,
  });
  const { lines, code } = await runKeysCommand(process.argv.slice(2), new ApiKeyStore(db, config.TABLE_NAME));
  console.log(lines.join('\n'));
  process.exit(code);
}
