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

let recorders = 0;

/**
 * The store requests `run` makes through `db`, in order, by operation (`GetItem`, `PutItem`, …), each with whether
 * the store accepted it.
 */
export const recordStoreRequests = async <T>(
  db: ReturnType<typeof createDocumentClient>,
  run: () => Promise<T>,
): Promise<{ value: T; requests: string[] }> => {
  const requests: string[] = [];
  const name = `record-store-requests-${++recorders}`;
  db.middlewareStack.add(
    (next, context) => async (args) => {
      const op = String(context.commandName).replace(/Command$/, '');
      try {
        const out = await next(args);
        requests.push(op);
        return out;
      } catch (error) {
        requests.push(`${op} (refused)`);
        throw error;
      }
    },
    { step: 'initialize', name },
  );
  try {
    return { value: await run(), requests };
  } finally {
    db.middlewareStack.remove(name);
  }
};
