import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { getRuntime } from '../../lib/runtime';

/**
 * Makes DynamoDB throttle writes of one item (by its partition key) in the running gateway (this process's runtime),
 * the way a throttled write fails after a provider already acted: the first `skip` writes of the item go through,
 * the next `fail` are refused. Returns a function that removes the fault.
 */
export const throttleWrites = async (pk: string, { skip = 0, fail = 1 } = {}) => {
  const rt = await getRuntime();
  // The repository's client is private to the running system; a test reaches it to inject a store fault.
  const db = (rt.repo as unknown as { db: DynamoDBDocumentClient }).db;
  const name = `throttle-${pk}`;
  let seen = 0;
  db.middlewareStack.add(
    (next) => async (args) => {
      const item = (args.input as { Item?: { pk?: unknown } }).Item;
      if (item?.pk === pk && seen++ >= skip && seen <= skip + fail) {
        throw Object.assign(new Error('Rate of requests exceeds the allowed throughput.'), {
          name: 'ProvisionedThroughputExceededException',
          $retryable: undefined,
        });
      }
      return next(args);
    },
    { step: 'initialize', name },
  );
  return () => db.middlewareStack.remove(name);
};

/**
 * Makes every read of one tenant's signing secret fail in the running gateway, as a store outage would for the
 * delivery consumer. Returns a function that removes the fault.
 */
export const failSigningSecretReads = async (tenantId: string) => {
  const rt = await getRuntime();
  const db = (rt.repo as unknown as { db: DynamoDBDocumentClient }).db;
  const name = `signing-outage-${tenantId}`;
  db.middlewareStack.add(
    (next) => async (args) => {
      const key = (args.input as { Key?: { pk?: unknown; sk?: unknown } }).Key;
      if (key?.pk === `TENANT#${tenantId}` && key.sk === 'SIGNING') {
        throw Object.assign(new Error('Internal server error'), { name: 'InternalServerError', $retryable: undefined });
      }
      return next(args);
    },
    { step: 'initialize', name },
  );
  return () => db.middlewareStack.remove(name);
};

/**
 * Makes DynamoDB refuse every delete of a payment in the running gateway, as a throttled table would. Returns a
 * function that removes the fault.
 */
export const failPaymentDeletes = async () => {
  const rt = await getRuntime();
  const db = (rt.repo as unknown as { db: DynamoDBDocumentClient }).db;
  const name = 'fail-payment-deletes';
  db.middlewareStack.add(
    (next, context) => async (args) => {
      const key = (args.input as { Key?: { pk?: unknown } }).Key;
      if (/^Delete(Item)?Command$/.test(String(context.commandName)) && String(key?.pk).startsWith('PAYMENT#')) {
        throw Object.assign(new Error('Rate of requests exceeds the allowed throughput.'), {
          name: 'ProvisionedThroughputExceededException',
          $retryable: undefined,
        });
      }
      return next(args);
    },
    { step: 'initialize', name },
  );
  return () => db.middlewareStack.remove(name);
};
