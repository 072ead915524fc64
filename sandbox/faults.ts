import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { readBody, sendJson } from './http';

/** Fault switches every sandbox takes at `POST /sandbox/{provider}/faults` (rates from 0 to 1). */
export const faultsSchema = z.strictObject({
  latencyMs: z.number().int().min(0).max(60_000).default(0),
  /** The provider answers with a system error and does nothing. */
  errorRate: z.number().min(0).max(1).default(0),
  /** The provider does the work but the answer never arrives. */
  timeoutRate: z.number().min(0).max(1).default(0),
  /** The answer carries a wrong signature (providers that sign their answers). */
  badSignRate: z.number().min(0).max(1).default(0),
  /** Zhixiao: a paid order's notify is delivered twice. */
  duplicateNotifyRate: z.number().min(0).max(1).default(0),
  /** Zhixiao: a paid order's notify is never sent (polling must find the payment). */
  notifyLossRate: z.number().min(0).max(1).default(0),
});
export type Faults = z.infer<typeof faultsSchema>;

export const noFaults = (): Faults => faultsSchema.parse({});

/** Draws whether a fault with this rate happens now. */
export const happens = (rate: number): boolean => rate > 0 && Math.random() < rate;

/** `GET|POST /sandbox/{provider}/faults`: reads or replaces the holder's fault switches. */
export const faultsControl = async (
  req: IncomingMessage,
  res: ServerResponse,
  holder: { faults: Faults },
): Promise<void> => {
  if (req.method === 'POST') {
    const parsed = faultsSchema.safeParse(JSON.parse((await readBody(req)) || '{}'));
    if (!parsed.success) return sendJson(res, 400, { error: parsed.error.issues });
    holder.faults = parsed.data;
  }
  sendJson(res, 200, holder.faults);
};
