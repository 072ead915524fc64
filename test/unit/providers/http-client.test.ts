import { afterEach, describe, expect, it, vi } from 'vitest';
import { ProviderTimeoutError, ProviderUnavailableError } from '../../../lib/domain/errors';
import { sendToProvider } from '../../../lib/providers/http-client';
import { TccAdapter } from '../../../lib/providers/tcc/adapter';
import { captureEmf } from '../../support/emf';
import { connectionDropped, connectionRefused, stubFetch } from '../../support/fetch-stub';
import { samplePayment } from '../../support/payments';

const emf = captureEmf();
const post = { method: 'POST', body: '{}' };
const shouqianbaPay = { service: 'paybridge', provider: 'shouqianba', operation: 'pay' };

afterEach(() => vi.unstubAllGlobals());

describe('provider call metrics', () => {
  it('time every call per provider and operation, and count the ones without a usable answer as errors', async () => {
    stubFetch('shouqianba', { text: '{}', status: 200 });
    await sendToProvider('shouqianba', 'pay', 'http://sqb.test/upay/v2/pay', post, 1000);
    stubFetch('shouqianba', { text: 'busy', status: 503 });
    await sendToProvider('shouqianba', 'pay', 'http://sqb.test/upay/v2/pay', post, 1000);
    stubFetch('shouqianba', { error: connectionRefused });
    await expect(sendToProvider('shouqianba', 'pay', 'http://sqb.test/upay/v2/pay', post, 1000)).rejects.toThrow(
      ProviderUnavailableError,
    );
    stubFetch('shouqianba', { error: connectionDropped });
    await expect(sendToProvider('shouqianba', 'query', 'http://sqb.test/upay/v2/query', post, 1000)).rejects.toThrow(
      ProviderTimeoutError,
    );
    expect(emf.sums('ProviderCallErrors')).toEqual([
      { dimensions: shouqianbaPay, sum: 2 },
      { dimensions: { ...shouqianbaPay, operation: 'query' }, sum: 1 },
    ]);
    const latency = emf.series().filter((s) => s.name === 'ProviderCallLatency');
    expect(latency.map((s) => [s.dimensions.operation, s.unit])).toEqual([
      ['pay', 'Milliseconds'],
      ['pay', 'Milliseconds'],
      ['pay', 'Milliseconds'],
      ['query', 'Milliseconds'],
    ]);
    expect(latency.flatMap((s) => s.values).every((ms) => Number.isInteger(ms) && ms >= 0)).toBe(true);
  });

  it('name the operation an adapter performs', async () => {
    stubFetch('tcc', { fixture: 'status-1.json' });
    const adapter = new TccAdapter({ baseUrl: 'http://tcc.test', timeoutMs: 1000 });
    await adapter.query(samplePayment({ provider: 'tcc', providerRefs: { orderId: 'o-1' } }));
    expect(emf.sums('ProviderCallErrors')).toEqual([
      { dimensions: { service: 'paybridge', provider: 'tcc', operation: 'query' }, sum: 0 },
    ]);
  });

  it('never fail the call they measure', async () => {
    stubFetch('shouqianba', { text: '{"ok":true}', status: 200 });
    const print = console.log;
    let attempts = 0;
    console.log = () => {
      attempts++;
      throw new Error('stdout is gone');
    };
    try {
      const answer = await sendToProvider('shouqianba', 'pay', 'http://sqb.test/upay/v2/pay', post, 1000);
      expect(answer).toEqual({ status: 200, text: '{"ok":true}' });
    } finally {
      console.log = print;
    }
    expect(attempts).toBe(1);
  });
});
