import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';

/** A Lambda context for handlers invoked in-process by the local runtime. */
export const localContext = (functionName: string): Context => ({
  callbackWaitsForEmptyEventLoop: false,
  functionName,
  functionVersion: '$LATEST',
  invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${functionName}`,
  memoryLimitInMB: '256',
  awsRequestId: randomUUID(),
  logGroupName: `/aws/lambda/${functionName}`,
  logStreamName: 'local',
  getRemainingTimeInMillis: () => 30_000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
});

type AnyHandler = (event: unknown, context: Context) => Promise<unknown>;
const loaded = new Map<string, Promise<AnyHandler>>();

/** Every in-process invocation (module and wall time), as Lambda would bill them; read by `npm run bench`. */
export const invocations: { module: string; ms: number }[] = [];

/** Imports `<root>/<module>.ts` once and returns its `handler`, timing each invocation. */
export const loadHandler = (root: string, module: string): Promise<AnyHandler> => {
  let handler = loaded.get(module);
  if (!handler) {
    handler = import(`${root}/${module}.ts`).then((m: { handler: AnyHandler }) => async (event, context) => {
      const started = performance.now();
      try {
        return await m.handler(event, context);
      } finally {
        invocations.push({ module, ms: performance.now() - started });
      }
    });
    loaded.set(module, handler);
  }
  return handler;
};
