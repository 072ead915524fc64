import type { Payment, ProviderName } from '../domain/payment';
import { providers } from '../domain/payment';
import type { PaymentDeps } from './deps';

const shanghaiOffsetMs = 8 * 3600_000;
const dayMs = 24 * 3600_000;
/** Payments settle at most this long after creation (Zhixiao's hour, with room): older ones are not read. */
const lookBackMs = dayMs;

export interface ProviderDay {
  provider: ProviderName;
  paid: { count: number; amount: number };
  refunded: { count: number; amount: number };
  canceled: { count: number };
  needsReview: { count: number };
}

const inDay = (iso: string | null | undefined, start: number) =>
  !!iso && Date.parse(iso) >= start && Date.parse(iso) < start + dayMs;

/**
 * Per provider, for one Asia/Shanghai day and one tenant: payments paid and refunds that succeeded that day (count
 * and fen), payments canceled that day, and payments that moved to `needs_review` that day and still wait there.
 */
export const dailyReport = async (deps: PaymentDeps, tenantId: string, date: string) => {
  const start = Date.parse(`${date}T00:00:00.000Z`) - shanghaiOffsetMs;
  const payments: Payment[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await deps.repo.list({
      tenantId,
      limit: 100,
      cursor,
      createdFrom: new Date(start - lookBackMs).toISOString(),
      createdTo: new Date(start + dayMs).toISOString(),
    });
    payments.push(...page.data);
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  const rows = providers.map((provider): ProviderDay => {
    const mine = payments.filter((p) => p.provider === provider);
    const refunds = mine.flatMap((p) => p.refunds).filter((r) => r.status === 'succeeded' && inDay(r.updatedAt, start));
    const paid = mine.filter((p) => inDay(p.paidAt, start));
    const entered = (status: string) =>
      mine.filter((p) => p.events.some((e) => e.type === `payment.${status}` && inDay(e.at, start))).length;
    return {
      provider,
      paid: { count: paid.length, amount: paid.reduce((s, p) => s + p.amount, 0) },
      refunded: { count: refunds.length, amount: refunds.reduce((s, r) => s + r.amount, 0) },
      canceled: { count: entered('canceled') },
      needsReview: {
        count: mine.filter(
          (p) => p.status === 'needs_review' && p.events.some((e) => e.to === 'needs_review' && inDay(e.at, start)),
        ).length,
      },
    };
  });
  return { date, providers: rows };
};
