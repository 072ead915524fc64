import { describe, expect, it } from 'vitest';
import { captureEmf } from '../support/emf';
import { shouqianbaBarcode, useGateway } from '../support/gateway';
import { useReceiver } from '../support/receiver';

// Registered first: metrics are on before the local runtime starts.
const emf = captureEmf();
const gw = useGateway();
const receiver = useReceiver();
const service = { service: 'paybridge' };

describe('metrics of the local runtime, with Powertools Metrics on', () => {
  it('publishes a create’s needs_review entry under `service` alone by the time the API answers', async () => {
    const res = await gw.request('POST', '/v1/payments', { body: shouqianbaBarcode('137700001111222233') });
    expect(res.body.status).toBe('needs_review');
    expect(emf.sums('NeedsReviewEntered')).toContainEqual({ dimensions: service, sum: 1 });
    expect(emf.sums('PaymentsCreated')).toContainEqual({ dimensions: { ...service, provider: 'shouqianba' }, sum: 1 });
    expect(emf.sums('ProviderCallErrors')).toContainEqual({
      dimensions: { ...service, provider: 'shouqianba', operation: 'pay' },
      sum: 0,
    });
  });

  it('publishes the delivery consumer’s count once it has delivered', async () => {
    const res = await gw.request('POST', '/v1/payments', {
      body: shouqianbaBarcode('139900001111222233', { notifyUrl: `${receiver.url}/ok` }),
    });
    expect(res.body.status).toBe('paid');
    await gw.deliveriesSettled();
    expect(receiver.received.filter((r) => r.event.paymentId === res.body.id)).toHaveLength(1);
    expect(emf.sums('NotificationsDelivered')).toEqual([{ dimensions: service, sum: 1 }]);
    expect(emf.sums('PaymentsPaid')).toContainEqual({ dimensions: { ...service, provider: 'shouqianba' }, sum: 1 });
  });
});
