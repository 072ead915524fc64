import { describe, expect, it } from 'vitest';
import type { OutboxEntry } from '../../../lib/domain/payment';
import { isOpen, needsProviderCheck, nextCheckAt, shardOf } from '../../../lib/store/open-index';
import { samplePayment } from '../../support/payments';

const t0 = '2026-01-01T00:00:00.000Z';
const at = (minutes: number) => new Date(Date.parse(t0) + minutes * 60_000).toISOString();
const entry = (attempts: number, nextAttemptAt: string): OutboxEntry => ({
  eventId: 'e',
  eventType: 'payment.paid',
  destination: 'notify_url',
  url: 'https://caller.example/hook',
  attempts,
  nextAttemptAt,
});

describe('open-payments index', () => {
  it('holds waiting, disputed and refund-pending payments, and ones with notifications to send', () => {
    expect(isOpen(samplePayment({ status: 'pending' }))).toBe(true);
    expect(isOpen(samplePayment({ status: 'needs_review', reviewReason: 'cancel_unknown' }))).toBe(true);
    expect(isOpen(samplePayment({ status: 'needs_review', reviewReason: 'paid_after_cancel' }))).toBe(false);
    expect(isOpen(samplePayment({ status: 'paid' }))).toBe(false);
    expect(isOpen(samplePayment({ status: 'paid', outbox: [entry(0, t0)] }))).toBe(true);
    expect(needsProviderCheck(samplePayment({ status: 'paid', outbox: [entry(0, t0)] }))).toBe(false);
    const refunding = samplePayment({ status: 'paid' });
    refunding.refunds = [{ id: 'r', status: 'pending' } as never];
    expect(needsProviderCheck(refunding)).toBe(true);
  });

  it('watches a canceled payment for money at 1 min, 5 min, 15 min, 1 h, 3 h, 6 h, 12 h and 24 h, then lets it go', () => {
    const checks = [0, 1, 2, 3, 4, 5, 6, 7].map((n) =>
      nextCheckAt(samplePayment({ status: 'canceled', reconciledAt: at(2), watch: { closedAt: t0, checks: n } })),
    );
    expect(checks).toEqual([1, 5, 15, 60, 180, 360, 720, 1440].map(at));
    expect(isOpen(samplePayment({ status: 'canceled', watch: { closedAt: t0, checks: 7 } }))).toBe(true);
    expect(isOpen(samplePayment({ status: 'canceled', watch: { closedAt: t0, checks: 8 } }))).toBe(false);
    expect(isOpen(samplePayment({ status: 'canceled', watch: null }))).toBe(false);
  });

  it('hands a long window (Zhixiao’s hour) to the reconciler after the workflow’s five minutes', () => {
    const zhixiao = samplePayment({ status: 'pending', updatedAt: t0, expiresAt: at(60) });
    expect(nextCheckAt(zhixiao)).toBe(at(6));
    expect(nextCheckAt({ ...zhixiao, reconciledAt: at(6) })).toBe(at(10));
    const short = samplePayment({ status: 'pending', updatedAt: t0, expiresAt: at(3) });
    expect(nextCheckAt(short)).toBe(at(4));
  });

  it('brings a notification retry forward when it is due before the next status check', () => {
    const p = samplePayment({
      status: 'paid',
      updatedAt: t0,
      expiresAt: at(60),
      outbox: [entry(1, at(1))],
    });
    expect(nextCheckAt(p)).toBe(at(1));
  });

  it('leaves a first attempt to the delivery queue for a minute before the reconciler queues it again', () => {
    const p = samplePayment({ status: 'paid', updatedAt: t0, expiresAt: at(60), outbox: [entry(0, at(2))] });
    expect(nextCheckAt(p)).toBe(at(3));
  });

  it('spreads payments over the 16 shards', () => {
    const shards = new Set(Array.from({ length: 200 }, (_, i) => shardOf(`pay_${i}`)));
    expect(shards.size).toBe(16);
  });
});
