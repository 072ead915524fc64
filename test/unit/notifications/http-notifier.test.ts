import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpNotifier, type Resolve } from '../../../lib/notifications/http-notifier';

/** A receiver whose answer each test chooses by path; it records what reached it. */
const hits: { path: string; body: string; signature: string | undefined }[] = [];
const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  hits.push({
    path: req.url ?? '',
    body: Buffer.concat(chunks).toString(),
    signature: req.headers['paybridge-signature'] as string,
  });
  switch (req.url) {
    case '/ok':
      return res.writeHead(204).end();
    case '/redirect':
      return res.writeHead(307, { location: '/ok' }).end();
    case '/hang':
      return; // never answers
    case '/huge': {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      const chunk = Buffer.alloc(64 * 1024, 'x');
      // Streams without end: only the reader stopping ends this.
      const write = () => {
        while (res.write(chunk)) {}
      };
      res.on('drain', write);
      write();
      return;
    }
    default:
      return res.writeHead(500).end();
  }
});
let port = 0;
beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
});

const local = { allowHttp: true, allowLoopback: true };
/** A resolver stub: every name resolves to the addresses given, in turn. */
const resolvingTo = (...answers: string[][]): Resolve & { calls: number } => {
  const resolve = Object.assign(
    async () => {
      const addresses = answers[Math.min(resolve.calls++, answers.length - 1)] as string[];
      return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
    },
    { calls: 0 },
  );
  return resolve;
};

describe('HttpNotifier: delivery that cannot be turned against the gateway', () => {
  it('POSTs the body with its signature and takes a 2xx as delivered', async () => {
    const notifier = new HttpNotifier({ policy: local });
    const result = await notifier.send(`http://127.0.0.1:${port}/ok`, '{"a":1}', 't=1,v1=ab');
    expect(result).toEqual({ ok: true, status: 204 });
    expect(hits.at(-1)).toEqual({ path: '/ok', body: '{"a":1}', signature: 't=1,v1=ab' });
  });

  it('refuses at send time a name that resolves to a private address, before connecting', async () => {
    const resolve = resolvingTo(['10.0.0.7']);
    const notifier = new HttpNotifier({ policy: local, resolve });
    const result = await notifier.send(`http://hooks.example.test:${port}/ok`, '{}', 's');
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(/10\.0\.0\.7 is a private address/);
    expect(resolve.calls).toBe(1);
  });

  it('refuses a name with any forbidden address among its answers, IPv4-mapped IPv6 included', async () => {
    const notifier = new HttpNotifier({ policy: local, resolve: resolvingTo(['127.0.0.1', '::ffff:169.254.169.254']) });
    const result = await notifier.send(`http://hooks.example.test:${port}/ok`, '{}', 's');
    expect(result.error).toMatch(/is a metadata address/);
  });

  it('checks the address each send resolves to, so a name rebound to a private address is refused', async () => {
    const before = hits.length;
    const notifier = new HttpNotifier({ policy: local, resolve: resolvingTo(['127.0.0.1'], ['192.168.1.20']) });
    expect((await notifier.send(`http://rebind.example.test:${port}/ok`, '{}', 's')).ok).toBe(true);
    const second = await notifier.send(`http://rebind.example.test:${port}/ok`, '{}', 's');
    expect(second.error).toMatch(/192\.168\.1\.20 is a private address/);
    expect(hits.length).toBe(before + 1);
  });

  it('refuses loopback without the local setting, and http without its setting', async () => {
    const strict = new HttpNotifier({
      policy: { allowHttp: true, allowLoopback: false },
      resolve: resolvingTo(['127.0.0.1']),
    });
    expect((await strict.send(`http://hooks.example.test:${port}/ok`, '{}', 's')).error).toMatch(/loopback/);
    expect((await strict.send(`http://127.0.0.1:${port}/ok`, '{}', 's')).error).toMatch(/loopback/);
    const httpsOnly = new HttpNotifier({ policy: { allowHttp: false, allowLoopback: true } });
    expect((await httpsOnly.send(`http://127.0.0.1:${port}/ok`, '{}', 's')).error).toMatch(/https/);
  });

  it('does not follow a redirect: a 3xx is a failed attempt', async () => {
    const before = hits.length;
    const result = await new HttpNotifier({ policy: local }).send(`http://127.0.0.1:${port}/redirect`, '{}', 's');
    expect(result).toEqual({ ok: false, status: 307 });
    expect(hits.slice(before).map((h) => h.path)).toEqual(['/redirect']);
  });

  it('gives a receiver that never answers up after the timeout', async () => {
    const started = performance.now();
    const result = await new HttpNotifier({ policy: local, timeoutMs: 200 }).send(
      `http://127.0.0.1:${port}/hang`,
      '{}',
      's',
    );
    const ms = performance.now() - started;
    expect(result).toEqual({ ok: false, error: 'no answer within 200 ms' });
    expect(ms).toBeGreaterThanOrEqual(190);
    expect(ms).toBeLessThan(2000);
  });

  it('reads at most 64 KB of an endless answer, then drops the connection', async () => {
    const started = performance.now();
    const result = await new HttpNotifier({ policy: local, timeoutMs: 4000 }).send(
      `http://127.0.0.1:${port}/huge`,
      '{}',
      's',
    );
    expect(result).toEqual({ ok: true, status: 200 });
    expect(performance.now() - started).toBeLessThan(3000);
  });

  it('gives a status for a non-2xx answer', async () => {
    expect(await new HttpNotifier({ policy: local }).send(`http://127.0.0.1:${port}/fail`, '{}', 's')).toEqual({
      ok: false,
      status: 500,
    });
  });
});
