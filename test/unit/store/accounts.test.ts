import { randomBytes } from 'node:crypto';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { keyringSecretBox, rawAesKeyring } from '../../../lib/crypto/secret-box';
import { AccountStore, currentAccountCacheMs } from '../../../lib/store/accounts';
import { useTable } from '../../support/dynamo';

const table = useTable();
const box = keyringSecretBox(rawAesKeyring(randomBytes(32)));
const terminal = { baseUrl: 'https://sqb.example', terminalSn: '100001', terminalKey: 'terminal-key-AAAA1111' };

describe('provider accounts per tenant', () => {
  it('seals the secrets at rest, shows only their last four, and opens them for use', async () => {
    const store = new AccountStore(table.db, table.tableName, box);
    await store.put('lib1', 'shouqianba', terminal);
    const raw = await table.db.send(
      new QueryCommand({
        TableName: table.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': 'TENANT#lib1' },
      }),
    );
    expect(JSON.stringify(raw.Items)).not.toContain('terminal-key-AAAA1111');
    expect(await store.maskedCurrent('lib1')).toEqual([
      expect.objectContaining({ provider: 'shouqianba', version: 1, terminalSn: '100001', terminalKey: '…1111' }),
    ]);
    expect((await store.get('lib1', 'shouqianba', 1))?.fields).toEqual(terminal);
  });

  it('writes a rotation as a new version and keeps every earlier one readable; the same fields keep the version', async () => {
    const store = new AccountStore(table.db, table.tableName, box);
    const v1 = await store.put('lib2', 'shouqianba', terminal);
    expect((await store.put('lib2', 'shouqianba', terminal)).version).toBe(v1.version);
    const v2 = await store.put('lib2', 'shouqianba', { ...terminal, terminalKey: 'terminal-key-BBBB2222' });
    expect(v2.version).toBe(v1.version + 1);
    expect((await store.get('lib2', 'shouqianba', v1.version))?.fields.terminalKey).toBe('terminal-key-AAAA1111');
    expect(await store.currentVersion('lib2', 'shouqianba')).toBe(v2.version);
  });

  it('lets a rotation made elsewhere reach new payments within the current-version cache time', async () => {
    let now = Date.parse('2026-12-01T00:00:00Z');
    const here = new AccountStore(table.db, table.tableName, box, () => new Date(now));
    const elsewhere = new AccountStore(table.db, table.tableName, box);
    await elsewhere.put('lib3', 'tcc', { baseUrl: 'https://tcc.example' });
    expect(await here.currentVersion('lib3', 'tcc')).toBe(1);
    await elsewhere.put('lib3', 'tcc', { baseUrl: 'https://tcc.example', token: 'tcc-token-0001' });
    expect(await here.currentVersion('lib3', 'tcc')).toBe(1);
    now += currentAccountCacheMs;
    expect(await here.currentVersion('lib3', 'tcc')).toBe(2);
  });

  it('finds the tenants whose Zhixiao accounts use an app id, and nobody else’s', async () => {
    const store = new AccountStore(table.db, table.tableName, box);
    const app = { baseUrl: 'https://zx.example', appSecret: 'app-secret-1', aesKey: 'A'.repeat(32) };
    await store.put('school1', 'zhixiao', { ...app, appId: 'shared-app' });
    await store.put('school2', 'zhixiao', { ...app, appId: 'shared-app' });
    await store.put('school3', 'zhixiao', { ...app, appId: 'own-app' });
    const tenants = (await store.zhixiaoAccountsOf('shared-app')).map((a) => a.tenantId).sort();
    expect(tenants).toEqual(['school1', 'school2']);
  });
});
