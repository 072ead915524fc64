import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { ApiKeyStore, hashKey, keyCacheMs } from '../../../lib/store/api-keys';
import { runKeysCommand } from '../../../scripts/keys';
import { useTable } from '../../support/dynamo';

const table = useTable();

describe('API keys', () => {
  it('creates, lists and revokes a tenant key with `npm run keys`, storing only its hash', async () => {
    const store = new ApiKeyStore(table.db, table.tableName);
    const created = await runKeysCommand(['create', 'library'], store);
    expect(created.code).toBe(0);
    const key = created.lines[1] as string;
    expect(key).toMatch(/^sk_live_/);
    expect(await store.identify(key)).toMatchObject({
      tenantId: 'library',
      scopes: ['payments:write', 'payments:read', 'operator'],
    });

    const stored = await table.db.send(
      new GetCommand({ TableName: table.tableName, Key: { pk: `APIKEY#${hashKey(key)}`, sk: 'APIKEY' } }),
    );
    expect(JSON.stringify(stored.Item)).not.toContain(key);

    const listed = await runKeysCommand(['list', 'library'], store);
    expect(listed.lines).toHaveLength(1);
    const keyId = (listed.lines[0] as string).split(' ')[0] as string;
    expect(await runKeysCommand(['revoke', 'other-tenant', keyId], store)).toMatchObject({ code: 1 });
    expect((await store.identify(key))?.tenantId).toBe('library');
    expect(await runKeysCommand(['revoke', 'library', keyId], store)).toMatchObject({ code: 0 });
    expect(await store.identify(key)).toBeUndefined();
    expect((await runKeysCommand(['list', 'library'], store)).lines[0]).toContain('revoked');
  });

  it('creates an admin key for the platform tenant with only the scopes named', async () => {
    const store = new ApiKeyStore(table.db, table.tableName);
    const created = await runKeysCommand(['create', '_platform', 'admin'], store);
    expect(await store.identify(created.lines[1] as string)).toMatchObject({
      tenantId: '_platform',
      scopes: ['admin'],
    });
    expect(await runKeysCommand(['create', 'library', 'superuser'], store)).toMatchObject({ code: 2 });
  });

  it('remembers a key for a short time, so a revocation elsewhere takes effect within keyCacheMs', async () => {
    const here = new ApiKeyStore(table.db, table.tableName);
    const elsewhere = new ApiKeyStore(table.db, table.tableName);
    const { key, record } = await here.create('library');
    const t0 = Date.now();
    expect(await here.identify(key, t0)).toBeDefined();
    await elsewhere.revoke('library', record.keyId);
    expect(await here.identify(key, t0 + keyCacheMs - 1)).toBeDefined();
    expect(await here.identify(key, t0 + keyCacheMs)).toBeUndefined();
  });

  it('prints usage for anything else', async () => {
    const store = new ApiKeyStore(table.db, table.tableName);
    expect(await runKeysCommand(['frobnicate'], store)).toMatchObject({ code: 2 });
  });
});
