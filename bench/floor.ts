import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { newId } from '../lib/domain/ids';
import type { Payment } from '../lib/domain/payment';
import { ShouqianbaAdapter } from '../lib/providers/shouqianba/adapter';
import { createDocumentClient } from '../lib/store/table';
import { type LocalGateway, sandboxDefaults } from '../local/runtime';

/**
 * The least a create can cost on this runtime: the same Shouqianba pay call to the sandbox between two plain SDK
 * writes to the store, no HTTP in front and no gateway code. Returns one timed run of it (ms).
 */
export const floorOf = (gw: LocalGateway): (() => Promise<number>) => {
  const adapter = new ShouqianbaAdapter({
    baseUrl: gw.sandboxUrl as string,
    // The terminal the local tenants were seeded with (the environment's, else the sandbox's).
    terminalSn: process.env.SHOUQIANBA_TERMINAL_SN ?? sandboxDefaults.SHOUQIANBA_TERMINAL_SN,
    terminalKey: process.env.SHOUQIANBA_TERMINAL_KEY ?? sandboxDefaults.SHOUQIANBA_TERMINAL_KEY,
    timeoutMs: 10_000,
  });
  const db = createDocumentClient({ tableName: 'paybridge', region: 'us-east-1', endpoint: gw.dynamoEndpoint });
  return async () => {
    const id = newId('pay');
    const started = performance.now();
    await db.send(new PutCommand({ TableName: 'paybridge', Item: { pk: `FLOOR#${id}`, sk: 'A', n: 1 } }));
    const payment = {
      id,
      amount: 1999,
      subject: 'bench',
      operator: 'bench',
      scene: 'barcode',
      wallet: null,
      providerInput: {},
    } as unknown as Payment;
    await adapter.create(payment, '139900001111222233');
    await db.send(new PutCommand({ TableName: 'paybridge', Item: { pk: `FLOOR#${id}`, sk: 'A', n: 2 } }));
    return performance.now() - started;
  };
};
