/**
 * AWS list prices used to turn counts into money (us-east-1, on-demand, USD), as recorded on 2026-11-24.
 * Check them against the AWS pricing pages before relying on the figures.
 */
export const prices = {
  asOf: '2026-11-24, us-east-1 list prices',
  dynamoWriteRequestUnit: 0.625 / 1e6,
  dynamoReadRequestUnit: 0.125 / 1e6,
  lambdaRequest: 0.2 / 1e6,
  /** Arm64, first pricing tier. */
  lambdaArmGbSecond: 0.0000133334,
  httpApiRequest: 1.0 / 1e6,
  expressRequest: 1.0 / 1e6,
  /** Express workflows bill duration in 100 ms steps at 64 MB or more. */
  expressGbSecond: 0.00001667,
  standardTransition: 25 / 1e6,
} as const;
