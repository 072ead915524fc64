import { prices } from './prices';

const lambdaMemoryGb = 256 / 1024;
const expressMemoryGb = 64 / 1024;
/** A payment item with its events stays under 3 KB: a write is taken as 3 write units, a read as 1 read unit. */
const writeUnitsPerWrite = 3;

export const costAssumptions = `writes as ${writeUnitsPerWrite} WRU, reads as 1 RRU, Lambda 256 MB arm64 billed on local wall time, Express 64 MB; ${prices.asOf}`;

export interface Usage {
  reads: number;
  writes: number;
  lambdaInvocations: number;
  lambdaMs: number;
  httpRequests?: number;
  expressExecutions?: number;
  expressSeconds?: number;
  standardTransitions?: number;
}

/** USD at the list prices of bench/prices.ts. */
export const costUsd = (u: Usage): number =>
  u.writes * writeUnitsPerWrite * prices.dynamoWriteRequestUnit +
  u.reads * prices.dynamoReadRequestUnit +
  u.lambdaInvocations * prices.lambdaRequest +
  (u.lambdaMs / 1000) * lambdaMemoryGb * prices.lambdaArmGbSecond +
  (u.httpRequests ?? 0) * prices.httpApiRequest +
  (u.expressExecutions ?? 0) * prices.expressRequest +
  Math.max(u.expressSeconds ?? 0, 0) * expressMemoryGb * prices.expressGbSecond +
  (u.standardTransitions ?? 0) * prices.standardTransition;
