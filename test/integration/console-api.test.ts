import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { handler as scheduledReconcile } from '../../functions/scheduled/reconcile';
import { otherKey, shouqianbaBarcode, shouqianbaQr, tccPayment, useGateway } from '../support/gateway';

const gw = useGateway();
const root = join(import.meta.dirname, '../..');

/** The same instant written with the +08:00 offset, as the console sends Asia/Shanghai days. */
const inShanghai = (iso: string) => `${new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 23)}+08:00`;
const tick = () => new Promise((r) => setTimeout(r, 5));

interface Run {
  id: string;
  trigger: string;
  checked: number;
  changed: number;
  needsReview: string[];
  needsReviewCount: number;
  startedAt: string;
}

describe('payments listed by provider and creation time', () => {
  it('filters by provider and by [createdFrom, createdTo), offsets accepted, and refuses a time that is none', async () => {
    const before = new Date().toISOString();
    await tick();
    const a = await gw.request('POST', '/v1/payments', { body: shouqianbaBarcode('139900001111222233') });
    await tick();
    const mid = new Date().toISOString();
    await tick();
    const b = await gw.request('POST', '/v1/payments', {
      body: tccPayment('barcode', 'wechat', { authCode: '139900001111222233' }),
    });
    await tick();
    const after = new Date().toISOString();
    expect([a.body.status, b.body.status]).toEqual(['paid', 'paid']);

    const ids = async (query: string) =>
      (await gw.request<{ data: { id: string }[] }>('GET', `/v1/payments?${query}`)).body.data.map((p) => p.id);
    const range = (from: string, to: string) =>
      `createdFrom=${encodeURIComponent(from)}&createdTo=${encodeURIComponent(to)}`;
    expect(await ids(range(before, after))).toEqual([b.body.id, a.body.id]);
    expect(await ids(range(inShanghai(mid), inShanghai(after)))).toEqual([b.body.id]);
    expect(await ids(`createdTo=${encodeURIComponent(mid)}&provider=shouqianba&limit=1`)).toEqual([a.body.id]);
    expect(await ids(`${range(before, after)}&provider=tcc`)).toEqual([b.body.id]);
    expect(await ids(`${range(before, after)}&provider=zhixiao`)).toEqual([]);
    expect(await ids(`merchantOrderNo=${a.body.merchantOrderNo}&provider=tcc`)).toEqual([]);
    expect(await ids(`merchantOrderNo=${a.body.merchantOrderNo}&createdFrom=${encodeURIComponent(mid)}`)).toEqual([]);
    expect(await ids(`merchantOrderNo=${a.body.merchantOrderNo}&provider=shouqianba`)).toEqual([a.body.id]);

    const bad = await gw.request('GET', '/v1/payments?createdFrom=yesterday&provider=paypal');
    expect(bad.status).toBe(400);
    expect((bad.body.errors as { path: string }[]).map((e) => e.path).sort()).toEqual([
      'query.createdFrom',
      'query.provider',
    ]);
  });
});

describe('GET /v1/reconciliations', () => {
  it("keeps the caller's manual runs and each checked tenant's share of a scheduled run, newest first", async () => {
    const review = await gw.request('POST', '/v1/payments', { body: shouqianbaBarcode('137700001111222233') });
    expect(review.body.reviewReason).toBe('pay_unknown');
    const manual = await gw.request<{ checked: number; changed: number; needsReview: string[]; startedAt: string }>(
      'POST',
      '/v1/reconciliations',
      { body: {} },
    );
    expect(manual.status).toBe(200);
    const mine = await gw.request<{ data: Run[] }>('GET', '/v1/reconciliations');
    expect(mine.status).toBe(200);
    expect(mine.body.data[0]).toMatchObject({
      object: 'reconciliation',
      trigger: 'manual',
      checked: manual.body.checked,
      changed: manual.body.changed,
      needsReview: manual.body.needsReview,
      needsReviewCount: manual.body.needsReview.length,
      startedAt: manual.body.startedAt,
    });
    expect(mine.body.data[0]?.needsReview).toContain(review.body.id);

    // A waiting payment of the other tenant, made due now, is what the next scheduled run checks.
    const waiting = await gw.request('POST', '/v1/payments', { key: otherKey, body: shouqianbaQr() });
    await gw.patchStored(waiting.body.id as string, { nextCheckAt: '2000-01-01T00:00:00.000Z' });
    const scheduled = await scheduledReconcile();
    expect(scheduled.checked).toBeGreaterThanOrEqual(1);

    const theirs = await gw.request<{ data: Run[] }>('GET', '/v1/reconciliations?limit=5', { key: otherKey });
    expect(theirs.body.data[0]).toMatchObject({ trigger: 'scheduled', startedAt: scheduled.startedAt });
    expect(theirs.body.data[0]?.checked).toBeGreaterThanOrEqual(1);
    expect(theirs.body.data.map((r) => r.id)).not.toContain(mine.body.data[0]?.id);
    // The demo tenant had nothing due: the scheduled run left it no record.
    const mineAfter = await gw.request<{ data: Run[] }>('GET', '/v1/reconciliations');
    expect(mineAfter.body.data[0]?.id).toBe(mine.body.data[0]?.id);

    expect((await gw.request('GET', '/v1/reconciliations?limit=0')).status).toBe(400);
    expect((await gw.request('GET', '/v1/reconciliations', { key: null })).status).toBe(401);
  });

  it('is in the OpenAPI document with the new list filters, and the console is not', async () => {
    const doc = await gw.request<{ paths: Record<string, Record<string, { parameters: { name: string }[] }>> }>(
      'GET',
      '/openapi.json',
      { key: null },
    );
    expect(doc.body.paths['/v1/reconciliations']?.get).toBeDefined();
    expect(doc.body.paths['/v1/payments']?.get?.parameters.map((p) => p.name)).toEqual(
      expect.arrayContaining(['provider', 'createdFrom', 'createdTo']),
    );
    expect(Object.keys(doc.body.paths).filter((p) => p.startsWith('/console'))).toEqual([]);
  });
});

describe('the console route', () => {
  it('serves the page without a key, under a CSP that allows its one inline import map by hash', async () => {
    const res = await fetch(`${gw.url}/console`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const page = await res.text();
    expect(page).toBe(readFileSync(join(root, 'console/index.html'), 'utf8'));
    const importMap = /<script type="importmap">([\s\S]*?)<\/script>/.exec(page)?.[1] ?? '';
    const hash = createHash('sha256').update(importMap).digest('base64');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain(`script-src 'self' 'sha256-${hash}'`);
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('serves its libraries from their npm packages, answers 304 to a matching ETag, and nothing else', async () => {
    const preact = await fetch(`${gw.url}/console/preact.js`);
    expect(preact.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await preact.text()).toBe(readFileSync(join(root, 'node_modules/preact/dist/preact.mjs'), 'utf8'));
    const etag = preact.headers.get('etag') as string;
    const again = await fetch(`${gw.url}/console/preact.js`, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    for (const path of ['/console/nope.js', '/console/index.html', '/console/..%2Fpackage.json', '/console/']) {
      expect((await fetch(`${gw.url}${path}`)).status, path).toBe(404);
    }
  });
});
