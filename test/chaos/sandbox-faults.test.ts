import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorizationHeader } from '../../lib/providers/shouqianba/codec';
import { sealRequest, signResponse } from '../../lib/providers/zhixiao/codec';
import { sandboxDefaults } from '../../local/runtime';
import { type RunningSandbox, startSandbox } from '../../sandbox/server';

const terminal = {
  terminalSn: sandboxDefaults.SHOUQIANBA_TERMINAL_SN,
  terminalKey: sandboxDefaults.SHOUQIANBA_TERMINAL_KEY,
};
const zhixiao = {
  appId: sandboxDefaults.ZHIXIAO_APP_ID,
  appSecret: sandboxDefaults.ZHIXIAO_APP_SECRET,
  aesKey: sandboxDefaults.ZHIXIAO_AES_KEY,
};

let sandbox: RunningSandbox;
/** Notifies the Zhixiao sandbox delivered, by out_trade_no order; each answered with a signed success. */
const notified: string[] = [];
let notifyServer: Server;
let notifyUrl: string;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, shouqianba: terminal, tcc: {}, zhixiao });
  notifyServer = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      notified.push(body);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ret_code: '0', ret_content: '', sign: signResponse('0', '', zhixiao.appSecret) }));
    });
  });
  await new Promise<void>((resolve) => notifyServer.listen(0, '127.0.0.1', resolve));
  notifyUrl = `http://127.0.0.1:${(notifyServer.address() as AddressInfo).port}/notify`;
});
afterAll(async () => {
  await sandbox.close();
  notifyServer.closeAllConnections();
  await new Promise<void>((resolve) => notifyServer.close(() => resolve()));
});

const control = async (path: string, body?: unknown, method = 'POST') => {
  const res = await fetch(`${sandbox.url}${path}`, {
    method,
    ...(body !== undefined ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

/** One signed Upay call; answers the raw text, or 'cut' when the connection was cut. */
const upay = async (op: string, payload: Record<string, string>): Promise<string> => {
  const body = JSON.stringify({ terminal_sn: terminal.terminalSn, ...payload });
  try {
    const res = await fetch(`${sandbox.url}/upay/v2/${op}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: authorizationHeader(terminal.terminalSn, body, terminal.terminalKey),
      },
      body,
    });
    return await res.text();
  } catch {
    return 'cut';
  }
};

const precreate = (clientSn: string, subject: string) =>
  upay('precreate', { client_sn: clientSn, total_amount: '1000', subject, operator: 'desk', payway: '3' });

const sqbOrder = (clientSn: string) => sandbox.shouqianba?.book.orders.get(clientSn);

describe('forced faults in the Shouqianba sandbox', () => {
  it('a lost refund answer: the refund is done, the connection cut; the next call is answered', async () => {
    await precreate('pay_lost', 'tag-lost');
    await control('/sandbox/shouqianba/orders/pay_lost/pay');
    await control('/sandbox/shouqianba/faults/next', { op: 'refund', kind: 'lost', tag: 'tag-lost' });
    const refund = { client_sn: 'pay_lost', refund_request_no: 'R1', refund_amount: '400', operator: 'desk' };
    expect(await upay('refund', refund)).toBe('cut');
    expect(sqbOrder('pay_lost')).toMatchObject({ orderStatus: 'PARTIAL_REFUNDED', netAmount: 600 });
    expect(JSON.parse(await upay('refund', refund)).biz_response.result_code).toBe('REFUND_SUCCESS');
    expect(sqbOrder('pay_lost')?.netAmount).toBe(600);
  });

  it('a malformed answer is the first half of the real JSON; an error does nothing', async () => {
    await precreate('pay_bad', 'tag-bad');
    await control('/sandbox/shouqianba/faults/next', { op: 'query', kind: 'malformed', tag: 'tag-bad' });
    const text = await upay('query', { client_sn: 'pay_bad' });
    expect(() => JSON.parse(text)).toThrow();
    expect(text.startsWith('{"result_code":"200","biz_response":{')).toBe(true);
    await control('/sandbox/shouqianba/faults/next', { op: 'precreate', kind: 'error', tag: 'tag-none' });
    expect(JSON.parse(await precreate('pay_none', 'tag-none')).result_code).toBe('500');
    expect(sqbOrder('pay_none')).toBeUndefined();
  });

  it('a payer paying during a cancel: the 撤单 reverses a paid order (CANCEL_SUCCESS)', async () => {
    await precreate('pay_race', 'tag-race');
    await control('/sandbox/shouqianba/faults/next', { op: 'cancel', kind: 'pay_during_cancel', tag: 'tag-race' });
    const answer = JSON.parse(await upay('cancel', { client_sn: 'pay_race' }));
    expect(answer.biz_response.result_code).toBe('CANCEL_SUCCESS');
    expect(sqbOrder('pay_race')).toMatchObject({ orderStatus: 'CANCELED', netAmount: 0 });
    expect(sqbOrder('pay_race')?.tradeNo).not.toBe('');
  });

  it('hits only the order it is tagged for, and can be dropped by tag and operation', async () => {
    await precreate('pay_a', 'tag-a');
    await precreate('pay_b', 'tag-b');
    await control('/sandbox/shouqianba/faults/next', { op: 'query', kind: 'error', tag: 'tag-a' });
    await control('/sandbox/shouqianba/faults/next', { op: 'cancel', kind: 'error', tag: 'tag-a' });
    expect(JSON.parse(await upay('query', { client_sn: 'pay_b' })).result_code).toBe('200');
    await control('/sandbox/shouqianba/faults/next?tag=tag-a&op=query', undefined, 'DELETE');
    const left = await control('/sandbox/shouqianba/faults/next', undefined, 'GET');
    expect(left.body.queued).toEqual([{ op: 'cancel', kind: 'error', tag: 'tag-a', count: 1, holdMs: 1000 }]);
    expect(JSON.parse(await upay('query', { client_sn: 'pay_a' })).result_code).toBe('200');
    expect(JSON.parse(await upay('cancel', { client_sn: 'pay_a' })).result_code).toBe('500');
  });
});

describe('forced faults in the TCC sandbox', () => {
  const tcc = '/api/tcc-settlement/open-api/payment';
  const create = async (remark: string) => {
    const res = await fetch(`${sandbox.url}${tcc}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: `{"orgId":1,"userId":2,"userType":1,"paymentTypeCode":"WX_NATIVE","fee":10.00,"financialType":"102","content":"[{\\"fee\\":\\"10.00\\"}]","operator":"desk","body":"fine","remark":"${remark}"}`,
    });
    return ((await res.json()) as { data: { orderId: string } }).data.orderId;
  };

  it('holds a slow answer past the hold time, and keeps the remark it was created with', async () => {
    const orderId = await create('tag-slow');
    expect(sandbox.tcc?.book.get(orderId)?.remark).toBe('tag-slow');
    await control('/sandbox/tcc/faults/next', { op: 'query', kind: 'slow', tag: 'tag-slow', holdMs: 300 });
    const started = Date.now();
    const res = await fetch(`${sandbox.url}${tcc}/${orderId}?operator=desk`);
    expect(await res.json()).toMatchObject({ code: 200, data: 0 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('pays during a cancel, so TCC answers false; ages an order for the repay rule', async () => {
    const orderId = await create('tag-cancel');
    await control('/sandbox/tcc/faults/next', { op: 'cancel', kind: 'pay_during_cancel', tag: 'tag-cancel' });
    const res = await fetch(`${sandbox.url}${tcc}/cancel/${orderId}?operator=desk`);
    expect(await res.json()).toMatchObject({ code: 200, data: false });
    expect(sandbox.tcc?.book.get(orderId)?.status).toBe(1);
    const before = sandbox.tcc?.book.get(orderId)?.createdAt as number;
    await control(`/sandbox/tcc/orders/${orderId}/age`, { ms: 200_000 });
    expect(sandbox.tcc?.book.get(orderId)?.createdAt).toBe(before - 200_000);
  });
});

describe('forced notify faults in the Zhixiao sandbox', () => {
  const create = async (outTradeNo: string, body: string) => {
    const fields = sealRequest(
      { out_trade_no: outTradeNo, total_fee: '1000', body, notify_url: notifyUrl, user_no: '1', user_name: 'x' },
      zhixiao,
    );
    await fetch(`${sandbox.url}/api/order/create`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });
  };
  const deliveredAfter = async (before: number) => {
    const until = Date.now() + 3000;
    while (Date.now() < until && (sandbox.zhixiao?.deliveriesInFlight ?? 0) > 0)
      await new Promise((r) => setTimeout(r, 20));
    return notified.length - before;
  };

  it('sends a duplicate twice, a lost one never, and repeats a paid order on request', async () => {
    await create('pay_dup', 'tag-dup');
    await create('pay_gone', 'tag-gone');
    await control('/sandbox/zhixiao/faults/next', { op: 'notify', kind: 'notify_duplicate', tag: 'tag-dup' });
    await control('/sandbox/zhixiao/faults/next', { op: 'notify', kind: 'notify_lost', tag: 'tag-gone' });
    let before = notified.length;
    await control('/sandbox/zhixiao/orders/pay_dup/pay');
    expect(await deliveredAfter(before)).toBe(2);
    before = notified.length;
    await control('/sandbox/zhixiao/orders/pay_gone/pay');
    expect(await deliveredAfter(before)).toBe(0);
    before = notified.length;
    expect((await control('/sandbox/zhixiao/orders/pay_gone/notify')).status).toBe(200);
    expect(await deliveredAfter(before)).toBe(1);
    await create('pay_open', 'tag-open');
    expect((await control('/sandbox/zhixiao/orders/pay_open/notify')).status).toBe(409);
    expect(sandbox.zhixiao?.notifies.at(-1)).toMatchObject({ outTradeNo: 'pay_gone', httpStatus: 200 });
  });
});
