import { z } from 'zod';

/** Fault switches every sandbox takes at `POST /sandbox/{provider}/faults` (rates from 0 to 1). */
export const faultsSchema = z.strictObject({
  latencyMs: z.number().int().min(0).max(60_000).default(0),
  /** The provider answers with a system error and does nothing. */
  errorRate: z.number().min(0).max(1).default(0),
  /** The provider does the work but the answer never arrives. */
  timeoutRate: z.number().min(0).max(1).default(0),
  /** The answer carries a wrong signature (providers that sign their answers). */
  badSignRate: z.number().min(0).max(1).default(0),
});
export type Faults = z.infer<typeof faultsSchema>;

export const noFaults = (): Faults => faultsSchema.parse({});

/** Draws whether a fault with this rate happens now. */
export const happens = (rate: number): boolean => rate > 0 && Math.random() < rate;
