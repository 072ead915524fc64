import { describe, expect, it } from 'vitest';
import { orderStatuses, orderStatusToPayment } from '../../../../lib/providers/shouqianba/status';
import { orderDataSchema } from '../../../../lib/providers/shouqianba/transformers';

describe('Shouqianba order status map', () => {
  it('maps every documented order_status as PROVIDERS.md decides', () => {
    expect(orderStatusToPayment).toEqual({
      CREATED: 'pending',
      PAID: 'paid',
      PAY_CANCELED: 'failed',
      PAY_ERROR: 'needs_review',
      REFUNDED: 'refunded',
      PARTIAL_REFUNDED: 'partially_refunded',
      REFUND_ERROR: 'needs_review',
      CANCELED: 'canceled',
      CANCEL_ERROR: 'needs_review',
    });
    expect(Object.keys(orderStatusToPayment).sort()).toEqual([...orderStatuses].sort());
  });

  it('refuses an undocumented order_status instead of guessing', () => {
    expect(orderDataSchema.safeParse({ order_status: 'PAID' }).success).toBe(true);
    expect(orderDataSchema.safeParse({ order_status: 'ALMOST_PAID' }).success).toBe(false);
  });
});
