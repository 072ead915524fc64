import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Payment } from '../../../lib/domain/payment';
import { canTransition, isFinal, paymentStatuses, transitions } from '../../../lib/domain/status';
import { transition } from '../../../lib/domain/transition';
import { samplePayment } from '../../support/payments';

const allowed = new Set(Object.entries(transitions).flatMap(([from, tos]) => tos.map((to) => `${from}>${to}`)));

describe('payment status transitions', () => {
  it('allows exactly the moves of the API table and refuses every other', () => {
    fc.assert(
      fc.property(fc.constantFrom(...paymentStatuses), fc.constantFrom(...paymentStatuses), (from, to) => {
        const p: Payment = samplePayment({ status: from });
        const expectAllowed = allowed.has(`${from}>${to}`);
        expect(canTransition(from, to)).toBe(expectAllowed);
        if (from === to && to !== 'partially_refunded') {
          expect(transition(p, { to, source: 'api', at: 'x' })).toBe(p);
        } else if (expectAllowed) {
          const data = to === 'needs_review' ? { reason: 'provider_disagrees' } : {};
          const next = transition(p, { to, source: 'api', at: '2026-01-01T00:00:00.000Z', data });
          expect(next.status).toBe(to);
          expect(next.reviewReason).toBe(to === 'needs_review' ? 'provider_disagrees' : null);
          expect(next.events.at(-1)).toMatchObject({ type: `payment.${to}`, from, to });
        } else {
          expect(() => transition(p, { to, source: 'api', at: 'x' })).toThrow(/cannot move/);
        }
      }),
    );
  });

  it('refuses a move to needs_review that does not say why', () => {
    const p = samplePayment({ status: 'pending' });
    expect(() => transition(p, { to: 'needs_review', source: 'poller', at: 'x' })).toThrow(/review reason/);
    expect(() => transition(p, { to: 'needs_review', source: 'poller', at: 'x', data: { reason: 'because' } })).toThrow(
      /review reason/,
    );
  });

  it('has failed and refunded as the only final statuses', () => {
    expect(paymentStatuses.filter(isFinal)).toEqual(['failed', 'refunded']);
  });

  it('lets money after a cancel reach a person', () => {
    expect(canTransition('canceled', 'needs_review')).toBe(true);
    expect(canTransition('canceled', 'paid')).toBe(false);
  });
});
