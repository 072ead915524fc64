import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { getRuntime } from '../../lib/runtime';

/**
 * Refuses, as a throttled table would, every request of the running gateway's store client (this process's runtime)
 * that `refused` picks. Returns a function that removes the fault.
 */
const throttleWhere = async (
  name: string,
  refused: (input: { Item?: { pk?: unknown }; Key?: { pk?: unknown } }, command: string) => boolean,
) => {
  const rt = await getRuntime();
  // The repository's client is private to the running system; a test reaches it to inject a store fault.
  const db = (rt.repo as unknown as { db: DynamoDBDocumentClient }).db;
  db.middlewareStack.add(
    (next, context) => async (args) => {
      if (refused(args.input as never, String(context.commandName))) {
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
 * Makes DynamoDB throttle writes of one item (by its partition key) in the running gateway, the way a throttled
 * write fails after a provider already acted: the first `skip` writes of the item go through, the next `fail` are
 * refused. Returns a function that removes the fault.
 */
export const throttleWrites = (pk: string, { skip = 0, fail = 1 } = {}) => {
  let seen = 0;
  return throttleWhere(`throttle-${pk}`, (input) => input.Item?.pk === pk && seen++ >= skip && seen <= skip + fail);
};

/** Makes DynamoDB refuse every delete of a payment in the running gateway. Returns a function that removes the fault. */
export const failPaymentDeletes = () =>
  throttleWhere(
    'fail-payment-deletes',
    (input, command) => /^Delete(Item)?Command$/.test(command) && String(input.Key?.pk).startsWith('PAYMENT#'),
  );

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
