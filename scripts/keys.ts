import { parseConfig } from '../lib/config';
import { ApiKeyStore } from '../lib/store/api-keys';
import { createDocumentClient } from '../lib/store/table';

const usage = `usage: npm run keys -- create <tenant> | list <tenant> | revoke <tenant> <keyId>
Uses TABLE_NAME, AWS_REGION and (for a local table) DYNAMODB_ENDPOINT; AWS credentials as the SDK finds them.`;

/** Creates, lists and revokes a tenant's API keys; returns the lines to print and the exit code. */
export const runKeysCommand = async (
  args: string[],
  store: ApiKeyStore,
): Promise<{ lines: string[]; code: number }> => {
  const [command, tenantId, keyId] = args;
  if (command === 'create' && tenantId) {
    const { key, record } = await store.create(tenantId);
    return {
      lines: [`created key ${record.keyId} for tenant ${tenantId}`, key, 'Store it now: it is not shown again.'],
      code: 0,
    };
  }
  if (command === 'list' && tenantId) {
    const keys = await store.list(tenantId);
    return {
      lines: keys.map(
        (k) => `${k.keyId}  ${k.prefix}…  created ${k.createdAt}${k.revokedAt ? `  revoked ${k.revokedAt}` : ''}`,
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
