/** How DynamoDB errors are told apart, without loading the SDK (error answers use these too). */

export const isConditionFailure = (error: unknown): boolean =>
  error instanceof Error && error.name === 'ConditionalCheckFailedException';

/** DynamoDB errors that say the store could not take the request now (throttled or failing), not that it refused it. */
const unavailableNames = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'InternalServerError',
  'ServiceUnavailable',
]);

export const isStoreUnavailable = (error: unknown): boolean =>
  error instanceof Error &&
  (unavailableNames.has(error.name) ||
    ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode ?? 0) >= 500);
