import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { shouqianbaBarcode, useGateway } from '../support/gateway';

/** A loopback port with nothing listening: connections to it are refused. */
const closedPort = await new Promise<number>((resolve) => {
  const probe = createServer();
  probe.listen(0, '127.0.0.1', () => {
    const { port } = probe.address() as { port: number };
    probe.close(() => resolve(port));
  });
});

const gw = useGateway({ SHOUQIANBA_BASE_URL: `http://127.0.0.1:${closedPort}` });

describe('a provider that cannot be reached', () => {
  it('answers 503 provider_unavailable, keeps nothing, and leaves the merchantOrderNo free', async () => {
    const body = shouqianbaBarcode('139900001111222233');
    const res = await gw.request('POST', '/v1/payments', { body });
    expect(res.status).toBe(503);
    expect(res.body.code).toBe('provider_unavailable');
    const listed = await gw.request<{ data: unknown[] }>('GET', `/v1/payments?merchantOrderNo=${body.merchantOrderNo}`);
    expect(listed.body.data).toHaveLength(0);
    const retry = await gw.request('POST', '/v1/payments', { body });
    expect(retry.status).toBe(503);
  });
});
