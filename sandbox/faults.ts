import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { readBody, sendJson, sleep } from './http';

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

/**
 * What a forced fault does to one call:
 * `error` — a system error, nothing done · `slow` — the work is done, the answer held `holdMs` ·
 * `lost` — the work is done, the connection cut · `malformed` — the work is done, the answer cut off mid-JSON ·
 * `pay_during_cancel` — the payer pays just before a cancel is processed ·
 * `notify_duplicate` / `notify_late` / `notify_lost` — Zhixiao's notify of a payment is sent twice, held, or never.
 */
export const forcedFaultKinds = [
  'error',
  'slow',
  'lost',
  'malformed',
  'pay_during_cancel',
  'notify_duplicate',
  'notify_late',
  'notify_lost',
] as const;
export type ForcedFaultKind = (typeof forcedFaultKinds)[number];

/** `POST /sandbox/{provider}/faults/next`: the next `count` calls of `op` (about the order tagged `tag`) get `kind`. */
export const forcedFaultSchema = z.strictObject({
  /** The provider's operation (e.g. Shouqianba `pay`, `refund`; TCC `create`, `cancel`; Zhixiao `query`, `notify`). */
  op: z.string().min(1),
  kind: z.enum(forcedFaultKinds),
  /** Only calls about the order with this tag (its subject, body or remark); without it, any order. */
  tag: z.string().min(1).optional(),
  count: z.number().int().min(1).max(1000).default(1),
  /** How long `slow` holds the answer and `notify_late` holds the notify. */
  holdMs: z.number().int().min(0).max(60_000).default(1000),
});
export type ForcedFault = z.infer<typeof forcedFaultSchema>;

/** A forced fault that hit a call. */
export interface FiredFault {
  op: string;
  kind: ForcedFaultKind;
  tag: string | undefined;
  at: string;
}

/**
 * Faults forced on chosen calls, consumed in the order they were queued. Unlike the rates they draw nothing at
 * random, so a test or the fault proof decides exactly which call of which order fails and how.
 */
export class ForcedFaults {
  private queued: ForcedFault[] = [];
  readonly fired: FiredFault[] = [];

  add(rule: ForcedFault): void {
    this.queued.push({ ...rule });
  }

  /** Drops the queued faults, or only those for this tag and/or operation. */
  clear(only: { tag?: string | undefined; op?: string | undefined } = {}): void {
    this.queued = this.queued.filter(
      (r) => (only.tag !== undefined && r.tag !== only.tag) || (only.op !== undefined && r.op !== only.op),
    );
  }

  list(): ForcedFault[] {
    return this.queued.map((r) => ({ ...r }));
  }

  /** The fault this call gets, if one is queued for its operation and order; consumes one use of it. */
  take(op: string, tag: string | undefined): ForcedFault | undefined {
    const index = this.queued.findIndex((r) => r.op === op && (r.tag === undefined || r.tag === tag));
    const rule = this.queued[index];
    if (!rule) return undefined;
    rule.count -= 1;
    if (rule.count === 0) this.queued.splice(index, 1);
    this.fired.push({ op, kind: rule.kind, tag, at: new Date().toISOString() });
    return rule;
  }
}

/** `GET|POST|DELETE /sandbox/{provider}/faults/next` (`DELETE ?tag=&op=` drops only those). */
export const forcedFaultsControl = async (req: IncomingMessage, res: ServerResponse, forced: ForcedFaults) => {
  if (req.method === 'POST') {
    let parsed: ReturnType<typeof forcedFaultSchema.safeParse>;
    try {
      parsed = forcedFaultSchema.safeParse(JSON.parse((await readBody(req)) || '{}'));
    } catch {
      return sendJson(res, 400, { error: 'the body is not JSON' });
    }
    if (!parsed.success) return sendJson(res, 400, { error: parsed.error.issues });
    forced.add(parsed.data);
  } else if (req.method === 'DELETE') {
    const params = new URL(req.url ?? '/', 'http://sandbox').searchParams;
    forced.clear({ tag: params.get('tag') ?? undefined, op: params.get('op') ?? undefined });
  }
  sendJson(res, 200, { queued: forced.list(), fired: forced.fired });
};

/**
 * Sends an answer as a forced fault shapes it: `lost` cuts the connection, `slow` holds the answer first, `malformed`
 * sends only the first half of the JSON text; otherwise (and for kinds that do not touch the answer) as is.
 * A `body` of undefined is an empty answer with that status.
 */
export const sendShaped = async (
  req: IncomingMessage,
  res: ServerResponse,
  fault: ForcedFault | undefined,
  status: number,
  body: unknown,
): Promise<void> => {
  if (fault?.kind === 'lost') {
    req.socket.destroy();
    return;
  }
  if (fault?.kind === 'slow') await sleep(fault.holdMs);
  if (body === undefined) {
    res.writeHead(status).end();
    return;
  }
  if (fault?.kind !== 'malformed') return sendJson(res, status, body);
  const text = JSON.stringify(body);
  const cut = text.slice(0, Math.floor(text.length / 2));
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(cut),
  });
  res.end(cut);
};
