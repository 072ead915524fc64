import { createHash } from 'node:crypto';
import type { ProviderName, Scene, Wallet } from '../lib/domain/payment';
import type { ForcedFaultKind } from '../sandbox/faults';
import { Random } from './prng';

/** One payment the plan creates. Its tag is its merchantOrderNo, subject and TCC remark: how faults find it. */
export interface PaymentSpec {
  index: number;
  provider: ProviderName;
  scene: Scene;
  wallet: Wallet | null;
  authCode: string | null;
  amount: number;
  tag: string;
  /** Sent as Idempotency-Key on the create (and its retries), or none. */
  idempotencyKey: string | null;
}

/** One refund request of a burst sent at once. */
export interface RefundRequest {
  /** Fen; null asks for what is left. */
  amount: number | null;
  refundNo: string | null;
  idempotencyKey: string | null;
}

export interface RepayChange {
  scene: Scene;
  wallet: Wallet;
  authCode?: string;
}

/** A sandbox fault forced on the next call of `op` about the operation's payment. */
export interface ProviderFault {
  at: 'provider';
  op: string;
  kind: ForcedFaultKind;
}

/** A store write refused as throttled: the write that records one of `eventTypes` from `source`. */
export interface StoreFault {
  at: 'store';
  eventTypes: readonly string[];
  source: 'api' | 'webhook';
}

export type Fault = ProviderFault | StoreFault;

export type Operation =
  | { kind: 'create'; payment: number; fault: Fault | null }
  | {
      kind: 'pay' | 'fail' | 'refresh' | 'cancel' | 'notify' | 'pay_after_cancel';
      payment: number;
      fault: Fault | null;
    }
  | { kind: 'refund'; payment: number; requests: RefundRequest[]; fault: Fault | null }
  | { kind: 'repay'; payment: number; change: RepayChange; fault: Fault | null }
  | { kind: 'reconcile'; fault: null };

export type OperationKind = Operation['kind'];

/** A whole run: a pure function of the seed and the number of operations. */
export interface Plan {
  seed: number;
  payments: PaymentSpec[];
  operations: Operation[];
  /** Short hash of the plan, printed so two runs can be seen to share one. */
  digest: string;
}

const operationWeights = {
  create: 24,
  pay: 26,
  fail: 3,
  refresh: 10,
  cancel: 6,
  refund: 20,
  repay: 3,
  notify: 4,
  pay_after_cancel: 2,
  reconcile: 2,
} as const satisfies Record<OperationKind, number>;

/** The provider a kind of operation needs, when only one has it. */
const onlyFor: Partial<Record<OperationKind, ProviderName>> = {
  repay: 'tcc',
  pay_after_cancel: 'tcc',
  notify: 'zhixiao',
};

/**
 * Which payments an operation mostly touches, as [newest, oldest] counted back from the last one created: payer
 * actions, cancels and refreshes land on payments still in flight; refunds and late money on ones that had time to
 * be paid or canceled.
 */
const windows: Record<Exclude<OperationKind, 'create' | 'reconcile'>, readonly [number, number]> = {
  pay: [0, 8],
  fail: [0, 8],
  refresh: [0, 16],
  cancel: [0, 12],
  repay: [0, 12],
  notify: [4, 60],
  refund: [3, 60],
  pay_after_cancel: [10, 80],
};

/** Barcode test codes: 1399 pays at once, 1388 pays on the third query, 1300 lacks funds, 1377 PAY_FAIL_ERROR. */
const authCodeOf = (rng: Random, prefixes: readonly string[]) =>
  `${rng.pick(prefixes)}${String(rng.int(0, 99_999_999)).padStart(14, '0')}`;

const paymentSpec = (rng: Random, seed: number, index: number): PaymentSpec => {
  const provider = rng.weighted({ shouqianba: 4, tcc: 3, zhixiao: 3 } as const);
  const base = {
    index,
    provider,
    amount: rng.int(100, 50_000),
    tag: `chaos-${seed}-${String(index).padStart(5, '0')}`,
    idempotencyKey: rng.chance(0.5) ? `create-${seed}-${index}` : null,
  };
  if (provider === 'zhixiao') return { ...base, scene: 'h5', wallet: null, authCode: null };
  if (provider === 'shouqianba') {
    return rng.chance(0.55)
      ? { ...base, scene: 'barcode', wallet: null, authCode: authCodeOf(rng, ['1399', '1388', '1300', '1377', '1200']) }
      : { ...base, scene: 'qrcode', wallet: rng.pick(['wechat', 'alipay'] as const), authCode: null };
  }
  const scene = rng.weighted({ qrcode: 4, barcode: 3, offline: 2 } as const);
  if (scene === 'offline') return { ...base, scene, wallet: null, authCode: null };
  if (scene === 'qrcode') return { ...base, scene, wallet: rng.pick(['wechat', 'unionpay'] as const), authCode: null };
  return {
    ...base,
    scene,
    wallet: rng.pick(['wechat', 'alipay', 'unionpay'] as const),
    authCode: authCodeOf(rng, ['1399', '1388', '1300', '1200']),
  };
};

/** The provider operation that creates the order. */
export const createOpOf = (p: PaymentSpec): string => {
  if (p.provider !== 'shouqianba') return 'create';
  return p.scene === 'barcode' ? 'pay' : 'precreate';
};

const answerFault = (rng: Random, op: string): ProviderFault => ({
  at: 'provider',
  op,
  kind: rng.pick(['error', 'slow', 'lost', 'malformed'] as const),
});

/** The fault (or none) an operation on `p` carries; each kind of operation has its own mix. */
const faultFor = (rng: Random, kind: OperationKind, p: PaymentSpec): Fault | null => {
  const x = rng.next();
  switch (kind) {
    case 'create':
      if (x < 0.26) return answerFault(rng, createOpOf(p));
      if (x < 0.35)
        return {
          at: 'store',
          eventTypes: ['payment.pending', 'payment.paid', 'payment.failed', 'payment.needs_review'],
          source: 'api',
        };
      return null;
    case 'pay':
      if (p.provider === 'zhixiao') {
        if (x < 0.3)
          return { at: 'provider', op: 'notify', kind: rng.pick(['notify_duplicate', 'notify_late', 'notify_lost']) };
        if (x < 0.4) return { at: 'store', eventTypes: ['payment.paid'], source: 'webhook' };
        return null;
      }
      // The payer paid: the next status query (the poller's or a caller's) goes wrong.
      return x < 0.3 ? answerFault(rng, 'query') : null;
    case 'refresh':
      return x < 0.35 ? answerFault(rng, 'query') : null;
    case 'cancel':
      if (x < 0.2) return { at: 'provider', op: 'cancel', kind: 'pay_during_cancel' };
      if (x < 0.4) return answerFault(rng, 'cancel');
      if (x < 0.5) return { at: 'store', eventTypes: ['payment.canceled', 'payment.needs_review'], source: 'api' };
      return null;
    case 'refund':
      if (x < 0.33) return answerFault(rng, 'refund');
      if (x < 0.45) return { at: 'store', eventTypes: ['refund.succeeded', 'refund.failed'], source: 'api' };
      return null;
    case 'repay':
      return x < 0.3 ? answerFault(rng, 'repay') : null;
    default:
      return null;
  }
};

const refundRequests = (rng: Random, seed: number, op: number, p: PaymentSpec): RefundRequest[] => {
  const count = rng.weighted({ 1: 12, 2: 5, 3: 3 } as const);
  const requests: RefundRequest[] = [];
  for (let i = 0; i < Number(count); i++) {
    const previous = requests.at(-1);
    const full = rng.chance(p.provider === 'tcc' && p.scene !== 'offline' ? 0.8 : 0.35);
    const amount = full ? null : Math.max(1, Math.floor((p.amount * rng.pick([25, 40, 50, 60])) / 100));
    // Now and then the same request twice at once: a caller's double click.
    if (previous && rng.chance(0.15)) {
      requests.push({ ...previous });
      continue;
    }
    requests.push({
      amount,
      refundNo: rng.chance(0.4) ? `R${seed}-${op}-${i}` : null,
      idempotencyKey: rng.chance(0.4) ? `refund-${seed}-${op}-${i}` : null,
    });
  }
  return requests;
};

const repayChange = (rng: Random): RepayChange =>
  rng.pick([
    { scene: 'qrcode', wallet: 'wechat' },
    { scene: 'barcode', wallet: 'alipay', authCode: authCodeOf(rng, ['1399']) },
    { scene: 'barcode', wallet: 'wechat', authCode: authCodeOf(rng, ['1200']) },
  ] as const);

/** Picks the payment an operation touches: usually one in its window, sometimes any; null when none fits. */
const target = (rng: Random, payments: PaymentSpec[], kind: keyof typeof windows): PaymentSpec | null => {
  const [newest, oldest] = windows[kind];
  const pool = rng.chance(0.15) ? payments : payments.slice(-oldest - 1, payments.length - newest);
  const provider = onlyFor[kind];
  const fitting = provider ? pool.filter((p) => p.provider === provider) : pool;
  return fitting.length ? rng.pick(fitting) : null;
};

/** The plan of a run: which payments, which operations in which order, and which of them get which fault. */
export const planRun = (seed: number, count: number): Plan => {
  const rng = new Random(seed);
  const payments: PaymentSpec[] = [];
  const operations: Operation[] = [];
  const create = () => {
    const p = paymentSpec(rng, seed, payments.length);
    payments.push(p);
    operations.push({ kind: 'create', payment: p.index, fault: faultFor(rng, 'create', p) });
  };
  while (operations.length < count) {
    const kind = rng.weighted(operationWeights);
    if (kind === 'reconcile') {
      operations.push({ kind, fault: null });
      continue;
    }
    const p = kind === 'create' ? null : target(rng, payments, kind);
    if (kind === 'create' || !p) {
      create();
      continue;
    }
    const fault = faultFor(rng, kind, p);
    const op = operations.length;
    if (kind === 'refund')
      operations.push({ kind, payment: p.index, requests: refundRequests(rng, seed, op, p), fault });
    else if (kind === 'repay') operations.push({ kind, payment: p.index, change: repayChange(rng), fault });
    else operations.push({ kind, payment: p.index, fault });
  }
  const digest = createHash('sha256').update(JSON.stringify({ payments, operations })).digest('hex').slice(0, 12);
  return { seed, payments, operations, digest };
};

const faultText = (f: Fault | null) => {
  if (!f) return '';
  return f.at === 'store' ? ` [store refuses ${f.eventTypes.join('|')} from ${f.source}]` : ` [${f.kind} on ${f.op}]`;
};

/** One payment's part of the plan, in a line: how it was created and what was done to it, with which faults. */
export const storyOf = (plan: Plan, index: number): string => {
  const p = plan.payments[index];
  if (!p) return '';
  const method = [p.provider, p.scene, p.wallet, p.authCode ? `${p.authCode.slice(0, 4)}…` : null].filter(Boolean);
  const steps = plan.operations.flatMap((op) => {
    if (op.kind === 'reconcile' || op.payment !== index) return [];
    if (op.kind === 'refund') {
      const asked = op.requests.map((r) => (r.amount ?? 'rest') + (r.refundNo ? ` ${r.refundNo}` : '')).join(', ');
      return [`refund(${asked})${faultText(op.fault)}`];
    }
    if (op.kind === 'repay') return [`repay(${op.change.scene} ${op.change.wallet})${faultText(op.fault)}`];
    return [`${op.kind}${faultText(op.fault)}`];
  });
  return `${p.tag} ${method.join(' ')} ${p.amount} fen: ${steps.join(' → ')}`;
};
