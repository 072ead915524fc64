import { afterAll, beforeAll } from 'vitest';
import { createDocumentClient } from '../../lib/store/table';
import { createTable, startDynamo } from '../../local/dynamo';

/** An embedded dynalite with the gateway's table, for store tests through the real AWS SDK. */
export const useTable = () => {
  const ctx = {} as { db: ReturnType<typeof createDocumentClient>; tableName: string; close(): Promise<void> };
  beforeAll(async () => {
    process.env.AWS_ACCESS_KEY_ID ??= 'local';
    process.env.AWS_SECRET_ACCESS_KEY ??= 'local';
    const dynamo = await startDynamo();
    ctx.tableName = 'paybridge-test';
    await createTable(dynamo.endpoint, ctx.tableName, 'us-east-1');
    ctx.db = createDocumentClient({ tableName: ctx.tableName, region: 'us-east-1', endpoint: dynamo.endpoint });
    ctx.close = dynamo.close;
  });
  afterAll(async () => ctx.close?.());
  return ctx;
};
