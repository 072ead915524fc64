import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { storeFaults } from '../lib/store/fault-injection';
import { isConditionFailure } from '../lib/store/store-errors';
import { createDocumentClient } from '../lib/store/table';
import { type Answer, type ApiClient, sandboxDelete, sandboxPost } from './api';
import type { Fault, Operation, OperationKind, PaymentSpec, Plan, RefundRequest } from './plan';

export interface DriverOptions {
  api: ApiClient;
  sandboxUrl: string;
  dynamoEndpoint: string;
  tableName: string;
  /** Operations in flight at once. */
  concurrency: number;
  /** How long a `slow` provider answer is held (past the gateway's provider timeout). */
  holdMs: number;
}

/** What the driver did: operations run or skipped (nothing to act on), and the faults it armed. */
export interface DriveStats {
  executed: Partial<Record<OperationKind, number>>;
  skipped: Partial<Record<OperationKind, number>>;
  /** Faults armed for operations, by kind (`store_throttle` for store faults). */
  faultsArmed: Record<string, number>;
  faultedOperations: number;
  /** Every payment id the API handed to the driver (each must still exist at the end), with its plan index. */
  paymentIndex: Record<string, number>;
  /** Failures of the driver itself (a sandbox control that did not answer): the run proves less. */
  driverErrors: string[];
}

interface SeenPayment {
  id: string;
  status: string;
  createdAt: string;
  action: unknown;
  providerRefs: { orderId?: string };
}

/** One planned payment as the driver knows it from the API's answers. */
interface Tracked {
  spec: PaymentSpec;
  id: string | null;
  seen: SeenPayment | null;
  /** The create was refused (4xx): there is no payment. */
  refused: boolean;
  /** Operations on one payment run one after another, in plan order. */
  queue: Promise<void>;
}

/** A TCC order is re-issued only after its 3-minute QR code expired: repays first age the payment past that. */
const repayAgeMs = 200_000;

const operator = 'desk-chaos';

const createBody = (p: PaymentSpec) => ({
  provider: p.provider,
  scene: p.scene,
  ...(p.wallet ? { wallet: p.wallet } : {}),
  amount: p.amount,
  merchantOrderNo: p.tag,
  subject: p.tag,
  ...(p.authCode ? { authCode: p.authCode } : {}),
  ...(p.provider === 'zhixiao' ? { zhixiao: { userNo: '2013141516', userName: '张三' } } : { operator }),
  ...(p.provider === 'tcc' ? { tcc: { orgId: 1, userId: 2, userType: 1, financialType: '102', remark: p.tag } } : {}),
});

const refundBody = (r: RefundRequest) => ({
  ...(r.amount !== null ? { amount: r.amount } : {}),
  ...(r.refundNo ? { refundNo: r.refundNo } : {}),
  operator,
});

const isPayment = (body: Record<string, unknown>): boolean => body.object === 'payment' && typeof body.id === 'string';

const faultLabel = (f: Fault) => (f.at === 'store' ? 'store_throttle' : f.kind);

/**
 * Runs a plan against a running gateway over HTTP: payments, payer actions through the sandbox controls, refreshes,
 * cancels, refund bursts, repays, notifies and reconciliations, each with the fault the plan gives it.
 */
export class Driver {
  private readonly tracked: Tracked[];
  private readonly stats: DriveStats = {
    executed: {},
    skipped: {},
    faultsArmed: {},
    faultedOperations: 0,
    paymentIndex: {},
    driverErrors: [],
  };
  private readonly db: DynamoDBDocumentClient;

  constructor(
    private readonly plan: Plan,
    private readonly o: DriverOptions,
  ) {
    this.tracked = plan.payments.map((spec) => ({
      spec,
      id: null,
      seen: null,
      refused: false,
      queue: Promise.resolve(),
    }));
    this.db = createDocumentClient({ tableName: o.tableName, region: 'us-east-1', endpoint: o.dynamoEndpoint });
  }

  async run(): Promise<DriveStats> {
    let next = 0;
    const worker = async () => {
      while (next < this.plan.operations.length) {
        const op = this.plan.operations[next++] as Operation;
        await this.schedule(op);
      }
    };
    await Promise.all(Array.from({ length: this.o.concurrency }, worker));
    for (const t of this.tracked) if (t.id) this.stats.paymentIndex[t.id] = t.spec.index;
    return this.stats;
  }

  private schedule(op: Operation): Promise<void> {
    if (op.kind === 'reconcile') return this.guarded(op, () => this.reconcile());
    const t = this.tracked[op.payment] as Tracked;
    const turn = t.queue.then(() => this.guarded(op, () => this.execute(op, t)));
    t.queue = turn;
    return turn;
  }

  private async guarded(op: Operation, run: () => Promise<boolean>): Promise<void> {
    try {
      const done = await run();
      const counts = done ? this.stats.executed : this.stats.skipped;
      counts[op.kind] = (counts[op.kind] ?? 0) + 1;
    } catch (error) {
      this.stats.driverErrors.push(`${op.kind}: ${(error as Error).message}`);
    }
  }

  /** Runs one operation on its payment with its fault armed; false when there was nothing to act on. */
  private async execute(op: Exclude<Operation, { kind: 'reconcile' }>, t: Tracked): Promise<boolean> {
    if (op.kind === 'create') return this.withFault(op.fault, t, false, () => this.create(t));
    if (t.refused || !(await this.knownId(t))) return false;
    switch (op.kind) {
      case 'pay':
      case 'fail': {
        const ref = this.payerRef(t);
        if (!ref) return false;
        // The fault is for what follows the payer's action (the next poll, the notify), so it stays armed.
        return this.withFault(op.fault, t, true, async () => {
          await sandboxPost(this.o.sandboxUrl, `/sandbox/${t.spec.provider}/orders/${ref}/${op.kind}`);
          return true;
        });
      }
      case 'refresh':
        return this.withFault(op.fault, t, false, async () =>
          this.see(t, await this.o.api.request('GET', `/v1/payments/${t.id}?refresh=true`, { retries: 1 })),
        );
      case 'cancel':
        return this.withFault(op.fault, t, false, async () =>
          this.see(t, await this.o.api.request('POST', `/v1/payments/${t.id}/cancel`, { body: {}, retries: 1 })),
        );
      case 'refund':
        return this.withFault(op.fault, t, false, () => this.refund(t, op.requests));
      case 'repay':
        return this.withFault(op.fault, t, false, () => this.repay(t, op.change));
      case 'notify':
        await sandboxPost(this.o.sandboxUrl, `/sandbox/zhixiao/orders/${t.id}/notify`);
        return true;
      case 'pay_after_cancel': {
        const orderId = t.seen?.providerRefs.orderId;
        if (!orderId) return false;
        await sandboxPost(this.o.sandboxUrl, `/sandbox/tcc/orders/${orderId}/pay-after-cancel`);
        return true;
      }
    }
  }

  /** Arms the fault, runs the operation, and (unless it is meant for what follows) drops it if it did not fire. */
  private async withFault(fault: Fault | null, t: Tracked, linger: boolean, run: () => Promise<boolean>) {
    if (!fault) return run();
    const label = faultLabel(fault);
    this.stats.faultsArmed[label] = (this.stats.faultsArmed[label] ?? 0) + 1;
    this.stats.faultedOperations += 1;
    if (fault.at === 'store') {
      storeFaults.arm({
        merchantOrderNo: t.spec.tag,
        eventTypes: fault.eventTypes,
        source: fault.source,
        since: new Date().toISOString(),
      });
    } else {
      const rule = { op: fault.op, kind: fault.kind, tag: t.spec.tag, holdMs: this.o.holdMs };
      await sandboxPost(this.o.sandboxUrl, `/sandbox/${t.spec.provider}/faults/next`, rule);
    }
    try {
      return await run();
    } finally {
      if (!linger && fault.at === 'store') storeFaults.disarm(t.spec.tag);
      if (!linger && fault.at === 'provider') {
        const query = new URLSearchParams({ tag: t.spec.tag, op: fault.op });
        await sandboxDelete(this.o.sandboxUrl, `/sandbox/${t.spec.provider}/faults/next?${query}`);
      }
    }
  }

  private async create(t: Tracked): Promise<boolean> {
    const key = t.spec.idempotencyKey;
    const a = await this.o.api.request('POST', '/v1/payments', {
      body: createBody(t.spec),
      headers: key ? { 'idempotency-key': key } : {},
      retries: 2,
    });
    if (this.see(t, a)) return true;
    if (a.status === 409 && a.body.code === 'duplicate_merchant_order_no') {
      // A retry found what the first attempt created.
      t.id = /pay_[0-9A-Za-z]+/.exec(String(a.body.detail))?.[0] ?? null;
    } else if (a.status >= 400 && a.status < 500) {
      t.refused = true;
    }
    return true;
  }

  private async refund(t: Tracked, requests: RefundRequest[]): Promise<boolean> {
    await Promise.all(
      requests.map((r) =>
        this.o.api.request('POST', `/v1/payments/${t.id}/refunds`, {
          body: refundBody(r),
          headers: r.idempotencyKey ? { 'idempotency-key': r.idempotencyKey } : {},
          // Only a request that names itself (key or refundNo) is safe to send again.
          retries: r.idempotencyKey || r.refundNo ? 2 : 0,
        }),
      ),
    );
    return true;
  }

  private async repay(t: Tracked, change: object): Promise<boolean> {
    const orderId = t.seen?.providerRefs.orderId;
    if (!orderId || !t.seen) return false;
    await this.age(t.seen);
    await sandboxPost(this.o.sandboxUrl, `/sandbox/tcc/orders/${orderId}/age`, { ms: repayAgeMs });
    this.see(t, await this.o.api.request('POST', `/v1/payments/${t.id}/repay`, { body: change }));
    return true;
  }

  /** Makes a stored payment older behind the API's back, standing for the minutes a repay must wait. */
  private async age(p: SeenPayment): Promise<void> {
    const at = new Date(Date.parse(p.createdAt) - repayAgeMs).toISOString();
    const key = { pk: `PAYMENT#${p.id}`, sk: 'PAYMENT' };
    await this.db.send(
      new UpdateCommand({
        TableName: this.o.tableName,
        Key: key,
        UpdateExpression: 'SET createdAt = :at',
        ExpressionAttributeValues: { ':at': at },
      }),
    );
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.o.tableName,
          Key: key,
          UpdateExpression: 'SET repaidAt = :at',
          ConditionExpression: 'attribute_type(repaidAt, :s)',
          ExpressionAttributeValues: { ':at': at, ':s': 'S' },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }

  private async reconcile(): Promise<boolean> {
    await this.o.api.request('POST', '/v1/reconciliations', { body: {} });
    return true;
  }

  /** Remembers the payment an answer carries; true if it carried one. */
  private see(t: Tracked, a: Answer): boolean {
    if (!isPayment(a.body)) return false;
    t.seen = a.body as unknown as SeenPayment;
    t.id = t.seen.id;
    return true;
  }

  /** The payment's id, asked of the API by merchantOrderNo when the create's answer never came. */
  private async knownId(t: Tracked): Promise<string | null> {
    if (t.id) return t.id;
    const a = await this.o.api.request<{ data?: SeenPayment[] }>(
      'GET',
      `/v1/payments?merchantOrderNo=${encodeURIComponent(t.spec.tag)}`,
      { retries: 1 },
    );
    const found = a.body.data?.[0];
    if (found) {
      t.id = found.id;
      t.seen = found;
    }
    return t.id;
  }

  /**
   * The order reference a payer can act on: only what the caller was handed. A QR code or pay link must have reached
   * the caller (a barcode payer confirms on the phone); TCC orders are known by the orderId the answer carried.
   */
  private payerRef(t: Tracked): string | null {
    const seen = t.seen;
    switch (t.spec.provider) {
      case 'shouqianba':
        return t.spec.scene === 'barcode' || seen?.action ? t.id : null;
      case 'tcc':
        return seen?.providerRefs.orderId ?? null;
      case 'zhixiao':
        return seen?.action ? t.id : null;
    }
  }
}
