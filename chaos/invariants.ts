import type { AnswerRecord } from './api';
import type { ProviderOrder } from './books';

/** A payment as the API shows it at the end of a run, with its refunds and its event history. */
export interface ObservedPayment {
  id: string;
  provider: string;
  merchantOrderNo: string;
  amount: number;
  amountRefunded: number;
  status: string;
  providerRefs: { orderId?: string };
  refunds: { id: string; amount: number; status: string }[];
  events: { type: string; from: string | null; to: string; source: string; data: Record<string, unknown> }[];
}

/** A Zhixiao notify the sandbox delivered to the webhook, and the HTTP status it got back (null: none). */
export interface WebhookAnswer {
  paymentId: string;
  status: number | null;
}

/** Everything the checker looks at: our side (API), the providers' side (sandbox books), and what was answered. */
export interface Evidence {
  payments: ObservedPayment[];
  orders: ProviderOrder[];
  answers: AnswerRecord[];
  webhookAnswers: WebhookAnswer[];
  /** Payment ids the API handed out during the run. */
  handedOut: string[];
}

export const invariantTitles = {
  1: 'money at a provider belongs to a paid (or needs_review) payment, once; paid payments hold money there',
  2: 'refunds never exceed what was paid, and ours match the provider outside review',
  3: 'nothing left created; pending only while the provider order is open',
  4: 'a refund left pending only where no provider answer can settle it',
  5: 'every status change is in the transition table; disagreements leave review only by an operator',
  6: 'no 500, and no 5xx but 502/503, from the API or the webhook',
} as const;
export type InvariantId = keyof typeof invariantTitles;

export interface Violation {
  invariant: InvariantId;
  paymentId: string | null;
  why: string;
}

/*
 * The contract's tables (API.md), written out here rather than imported from lib/domain, so that the checker is an
 * oracle independent of the code it checks.
 */
const allowed: Record<string, readonly string[]> = {
  created: ['pending', 'paid', 'failed', 'canceled', 'needs_review'],
  pending: ['paid', 'failed', 'canceled', 'needs_review'],
  paid: ['partially_refunded', 'refunded', 'needs_review'],
  partially_refunded: ['partially_refunded', 'refunded', 'needs_review'],
  needs_review: ['pending', 'paid', 'failed', 'canceled', 'partially_refunded', 'refunded'],
  canceled: ['needs_review'],
  failed: [],
  refunded: [],
};
const statuses = Object.keys(allowed);
/** "Outcome unknown": provider proof may settle these. */
const unknownReasons = ['cancel_unknown', 'poller_error', 'no_order_ref', 'pay_unknown'];
/** "The provider and we disagree": only an operator's resolve leaves these. */
const disagreementReasons = [
  'paid_after_cancel',
  'reversed_after_paid',
  'provider_disagrees',
  'refund_unsettled',
  'refund_unknown',
];
const holdsMoney = ['paid', 'partially_refunded', 'refunded'];
/** Providers whose answers always settle a refund: Shouqianba (query net_amount, or the same refund_request_no sent
 * again) and TCC (status 3, or the refund sent again). Zhixiao's query says nothing of refunds. */
const refundSettlingProviders = ['shouqianba', 'tcc'];

const sum = (items: { amount: number }[]) => items.reduce((total, i) => total + i.amount, 0);

/** Links each provider order to the payment it belongs to, and each payment to its order. */
const linker = (payments: ObservedPayment[]) => {
  const byId = new Map(payments.map((p) => [p.id, p]));
  const byTccOrder = new Map(
    payments.filter((p) => p.provider === 'tcc' && p.providerRefs.orderId).map((p) => [p.providerRefs.orderId, p]),
  );
  const tccWithoutOrder = new Map(
    payments.filter((p) => p.provider === 'tcc' && !p.providerRefs.orderId).map((p) => [p.merchantOrderNo, p]),
  );
  return {
    paymentOf(o: ProviderOrder): ObservedPayment | undefined {
      if (o.provider !== 'tcc') return o.paymentId ? byId.get(o.paymentId) : undefined;
      // TCC keeps no number of ours: a payment whose pay answer was lost is found by the order's tag.
      return byTccOrder.get(o.ref) ?? (o.tag ? tccWithoutOrder.get(o.tag) : undefined);
    },
  };
};

const checkMoney = (e: Evidence, out: Violation[]) => {
  const { paymentOf } = linker(e.payments);
  const orderOf = new Map<string, ProviderOrder>();
  const capturedPerTag = new Map<string, ProviderOrder[]>();
  for (const o of e.orders) {
    const p = paymentOf(o);
    if (p) orderOf.set(p.id, o);
    if (o.state === 'captured' && o.tag) capturedPerTag.set(o.tag, [...(capturedPerTag.get(o.tag) ?? []), o]);
    const where = `${o.provider} order ${o.ref} (${o.tag ?? 'untagged'})`;
    if (o.refunded > o.amount) {
      out.push({ invariant: 2, paymentId: p?.id ?? null, why: `${where} refunded ${o.refunded} of ${o.amount}` });
    }
    if (o.state !== 'captured' && o.state !== 'uncertain') continue;
    if (!p) {
      out.push({ invariant: 1, paymentId: null, why: `${where} is ${o.state} but no payment of ours holds it` });
    } else if (o.state === 'uncertain' && p.status !== 'needs_review') {
      out.push({ invariant: 1, paymentId: p.id, why: `${where} is uncertain at the provider but ours is ${p.status}` });
    } else if (o.state === 'captured' && ![...holdsMoney, 'needs_review'].includes(p.status)) {
      out.push({ invariant: 1, paymentId: p.id, why: `${where} took ${o.amount} but ours is ${p.status}` });
    }
  }
  const kept = new Set(e.payments.map((p) => p.id));
  for (const id of e.handedOut.filter((x) => !kept.has(x))) {
    out.push({ invariant: 1, paymentId: id, why: 'the API answered with this payment, which is gone at the end' });
  }
  for (const [tag, orders] of capturedPerTag) {
    if (orders.length > 1) {
      out.push({
        invariant: 1,
        paymentId: null,
        why: `${tag} was charged ${orders.length} times: ${orders.map((o) => `${o.provider} ${o.ref}`).join(', ')}`,
      });
    }
  }
  return orderOf;
};

const checkPayment = (p: ObservedPayment, order: ProviderOrder | undefined, out: Violation[]) => {
  const add = (invariant: InvariantId, why: string) => out.push({ invariant, paymentId: p.id, why });
  const orderText = order ? `its ${p.provider} order is ${order.state}` : `no ${p.provider} order is linked`;
  if (holdsMoney.includes(p.status) && order?.state !== 'captured') add(1, `ours is ${p.status} but ${orderText}`);

  const succeeded = sum(p.refunds.filter((r) => r.status === 'succeeded'));
  const unsettled = sum(p.refunds.filter((r) => r.status === 'pending' || r.status === 'needs_review'));
  if (succeeded !== p.amountRefunded)
    add(2, `refunds succeeded for ${succeeded} but amountRefunded is ${p.amountRefunded}`);
  if (succeeded + unsettled > p.amount) add(2, `refunds of ${succeeded + unsettled} on a payment of ${p.amount}`);
  const expected =
    p.status === 'refunded'
      ? p.amountRefunded === p.amount
      : p.status === 'partially_refunded'
        ? p.amountRefunded > 0 && p.amountRefunded < p.amount
        : p.status === 'needs_review' || p.amountRefunded === 0;
  if (!expected) add(2, `status ${p.status} with ${p.amountRefunded} of ${p.amount} refunded`);
  if (order?.state === 'captured' && p.status !== 'needs_review') {
    if (order.refunded < p.amountRefunded || order.refunded > p.amountRefunded + unsettled) {
      add(2, `the provider refunded ${order.refunded}, ours ${p.amountRefunded} (+${unsettled} unsettled)`);
    }
  }

  if (p.status === 'created') add(3, 'left created');
  if (p.status === 'pending' && order?.state !== 'open') add(3, `left pending but ${orderText}`);

  if (refundSettlingProviders.includes(p.provider)) {
    for (const r of p.refunds.filter((x) => x.status === 'pending')) {
      add(4, `refund ${r.id} of ${r.amount} left pending though ${p.provider} answers can settle it`);
    }
  }
};

const checkHistory = (p: ObservedPayment, out: Violation[]) => {
  const add = (why: string) => out.push({ invariant: 5, paymentId: p.id, why });
  let current: string | null = null;
  let reviewReason: string | null = null;
  for (const e of p.events) {
    if (e.type !== `payment.${e.to}` || !statuses.includes(e.to)) continue;
    if (e.from !== current) add(`${e.type} says from ${e.from} but the payment was ${current}`);
    if (current === null) {
      if (e.to !== 'created') add(`history starts with ${e.type}`);
    } else if (!allowed[current]?.includes(e.to)) {
      add(`${current}→${e.to} (${e.source}) is not in the transition table`);
    }
    if (current === 'needs_review' && reviewReason && disagreementReasons.includes(reviewReason)) {
      if (e.source !== 'operator')
        add(`left needs_review (${reviewReason}) for ${e.to} by ${e.source}, not an operator`);
    }
    if (e.to === 'needs_review') {
      reviewReason = typeof e.data.reason === 'string' ? e.data.reason : null;
      if (!reviewReason || ![...unknownReasons, ...disagreementReasons].includes(reviewReason)) {
        add(`entered needs_review from ${e.from} (${e.source}) with reason ${reviewReason ?? 'none'}`);
      }
    }
    current = e.to;
  }
  if (current !== p.status) add(`history ends at ${current} but the payment is ${p.status}`);

  for (const r of p.refunds) {
    const events = p.events.filter((e) => e.type.startsWith('refund.') && e.data.refundId === r.id);
    const settled = events.filter((e) => e.type !== 'refund.pending');
    if (events[0]?.type !== 'refund.pending') add(`refund ${r.id} has no refund.pending first`);
    if (settled.length > 1)
      add(`refund ${r.id} settled ${settled.length} times: ${settled.map((e) => e.to).join(', ')}`);
    if ((settled[0]?.to ?? 'pending') !== r.status) add(`refund ${r.id} is ${r.status} but its events say otherwise`);
  }
};

const checkAnswers = (e: Evidence, out: Violation[]) => {
  const bad = (status: number | null) => status !== null && status >= 500 && status !== 502 && status !== 503;
  for (const a of e.answers) {
    if (bad(a.status))
      out.push({ invariant: 6, paymentId: a.paymentId, why: `${a.method} ${a.route} answered ${a.status}` });
  }
  for (const w of e.webhookAnswers) {
    if (bad(w.status))
      out.push({ invariant: 6, paymentId: w.paymentId, why: `POST /webhooks/zhixiao answered ${w.status}` });
  }
};

/** Checks a finished run; an empty list means every promise held. */
export const checkInvariants = (e: Evidence): Violation[] => {
  const out: Violation[] = [];
  const orderOf = checkMoney(e, out);
  for (const p of e.payments) {
    checkPayment(p, orderOf.get(p.id), out);
    checkHistory(p, out);
  }
  checkAnswers(e, out);
  return out.sort((a, b) => a.invariant - b.invariant);
};
