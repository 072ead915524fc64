import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { publishMetrics } from '../../lib/metrics';
import { applyZhixiaoNotify } from '../../lib/payments/apply-notify';
import { signResponse } from '../../lib/providers/zhixiao/codec';
import { envelopeOf, type NotifyEnvelope, openNotify, signedWith } from '../../lib/providers/zhixiao/notify';
import { retCodes } from '../../lib/providers/zhixiao/status';
import { getRuntime, type Runtime } from '../../lib/runtime';
import type { Account } from '../../lib/store/accounts';
import { isStoreUnavailable } from '../../lib/store/store-errors';

const answer = (statusCode: number, retCode: string, retContent: string, appSecret: string) => ({
  statusCode,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({
    ret_code: retCode,
    ret_content: retContent,
    sign: signResponse(retCode, retContent, appSecret),
  }),
});

/** The tenants' Zhixiao accounts registered with the envelope's app id. */
const accountsOfApp = async (rt: Runtime, env: NotifyEnvelope): Promise<Account<'zhixiao'>[]> => {
  const refs = await rt.accounts.zhixiaoAccountsOf(env.id);
  const accounts = await Promise.all(refs.map((r) => rt.accounts.get(r.tenantId, 'zhixiao', r.version)));
  return accounts.filter((a): a is Account<'zhixiao'> => !!a);
};

/**
 * POST /webhooks/zhixiao — Zhixiao's payment notify (2.5). The envelope is checked against the accounts registered
 * with its app id (two tenants may share one Zhixiao app); the notify then counts only for a payment created through
 * an account of that app whose secret signed it.
 */
const receive = async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
  const rt = await getRuntime();
  const raw = event.isBase64Encoded ? Buffer.from(event.body ?? '', 'base64').toString('utf8') : (event.body ?? '');
  const refuse = (why: string, appSecret = '') => {
    rt.logger.warn('refused a Zhixiao notify', { reason: why });
    return answer(400, retCodes.badParameter, why, appSecret);
  };
  const env = envelopeOf(raw, event.headers?.['content-type'] ?? '');
  if (!env) return refuse('id and param are required');
  const ofApp = await accountsOfApp(rt, env);
  // An unknown app id has no secret to sign our answer with; a bad signature is answered with the app's.
  if (!ofApp[0]) return refuse('unknown app id');
  const signer = ofApp.find((a) => signedWith(env, a.fields.appSecret));
  if (!signer) return refuse('bad signature', ofApp[0].fields.appSecret);
  const secret = signer.fields.appSecret;
  const notify = openNotify(env, signer.fields.aesKey);
  if (!notify) return refuse('param does not decrypt to a valid notify', secret);

  const payment = await rt.repo.get(notify.out_trade_no);
  const paymentAccount =
    payment?.provider === 'zhixiao'
      ? await rt.accounts.get(payment.tenantId, 'zhixiao', payment.account?.version ?? 1).catch(() => undefined)
      : undefined;
  if (paymentAccount?.fields.appId !== env.id || !signedWith(env, paymentAccount.fields.appSecret)) {
    rt.logger.warn('Zhixiao notify does not match a payment of this app', { outTradeNo: notify.out_trade_no });
    return answer(200, retCodes.error, 'unknown out_trade_no', secret);
  }
  let result: Awaited<ReturnType<typeof applyZhixiaoNotify>>;
  try {
    result = await applyZhixiaoNotify(rt, notify);
  } catch (error) {
    // Not applied: a non-success answer makes Zhixiao send the notify again.
    if (!isStoreUnavailable(error)) throw error;
    rt.logger.warn('the store refused a Zhixiao notify; Zhixiao will send it again', {
      outTradeNo: notify.out_trade_no,
    });
    return answer(503, retCodes.error, 'busy, send again', secret);
  }
  if (result.kind === 'mismatch') {
    rt.logger.warn('Zhixiao notify does not match our payment', {
      outTradeNo: notify.out_trade_no,
      reason: result.reason,
    });
    return answer(200, retCodes.error, result.reason, secret);
  }
  rt.logger.info('Zhixiao notify applied', { paymentId: result.payment.id, status: result.payment.status });
  return answer(200, retCodes.success, '', secret);
};

/** The route's handler: the notify, then its metrics published however it ended. */
export const handler = middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
  .use(publishMetrics())
  .handler(receive);
