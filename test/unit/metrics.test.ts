import middy from '@middy/core';
import { describe, expect, it } from 'vitest';
import { countForService, publishMetrics, publishWith, units, withMetrics } from '../../lib/metrics';
import { captureEmf } from '../support/emf';

const emf = captureEmf();
const service = { service: 'paybridge' };

/** A middy handler that counts `n` NeedsReviewEntered, then answers or throws. */
const middyHandler = (n: number, fail = false) =>
  middy<unknown, string>()
    .use(publishMetrics())
    .handler(async () => {
      if (n) countForService('NeedsReviewEntered', n);
      if (fail) throw new Error('handler failed');
      return 'ok';
    });

describe('publishing at the end of an invocation', () => {
  it('publishes what a middy handler stored, when it answers and when it fails', async () => {
    await middyHandler(2)({}, {} as never);
    expect(emf.sums('NeedsReviewEntered')).toEqual([{ dimensions: service, sum: 2 }]);
    await expect(middyHandler(1, true)({}, {} as never)).rejects.toThrow('handler failed');
    expect(emf.sums('NeedsReviewEntered')).toEqual([{ dimensions: service, sum: 3 }]);
    expect(emf.lines).toHaveLength(2);
  });

  it('publishes what a plain handler stored, however it ends', async () => {
    await expect(withMetrics(async () => countForService('NotificationsAbandoned'))()).resolves.toBeUndefined();
    const failing = withMetrics(async () => {
      countForService('NotificationsAbandoned');
      throw new Error('task failed');
    });
    await expect(failing()).rejects.toThrow('task failed');
    expect(emf.sums('NotificationsAbandoned')).toEqual([{ dimensions: service, sum: 2 }]);
  });

  it('prints nothing and warns nothing for an invocation that stored nothing', async () => {
    await middyHandler(0)({}, {} as never);
    await withMetrics(async () => 'nothing counted')();
    expect(emf.lines).toEqual([]);
    expect(emf.warnings).toEqual([]);
  });

  it('keeps the stored counts under `service` alone whatever dimensioned metrics were published meanwhile', async () => {
    await withMetrics(async () => {
      countForService('NeedsReviewEntered');
      publishWith([{ reason: 'pay_unknown' }], [{ name: 'NeedsReviewEntered', unit: units.count, value: 1 }]);
      publishWith(
        [{ provider: 'tcc', operation: 'pay' }],
        [{ name: 'ProviderCallErrors', unit: units.count, value: 0 }],
      );
    })();
    expect(emf.sums('NeedsReviewEntered')).toEqual([
      { dimensions: { ...service, reason: 'pay_unknown' }, sum: 1 },
      { dimensions: service, sum: 1 },
    ]);
  });
});
