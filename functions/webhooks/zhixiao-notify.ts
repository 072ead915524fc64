import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { applyZhixiaoNotify } from '../../lib/payments/apply-notify';
import { decrypt, signatureMatches, signRequest, signResponse } from '../../lib/providers/zhixiao/codec';
import { retCodes } from '../../lib/providers/zhixiao/status';
import { notifySchema } from '../../lib/providers/zhixiao/transformers';
import { getRuntime } from '../../lib/runtime';

const answer = (statusCode: number, retCode: string, retContent: string, appSecret: string) => ({
  statusCode,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({
    ret_code: retCode,
    ret_content: retContent,
    sign: signResponse(retCode, retContent, appSecret),
  }),
});

/** The notify envelope, form-encoded or JSON; base64 never holds spaces, so a '+' decoded to ' ' is put back. */
const fieldsOf = (event: APIGatewayProxyEventV2): Record<string, unknown> => {
  const raw = event.isBase64Encoded ? Buffer.from(event.body ?? '', 'base64').toString('utf8') : (event.body ?? '');
  const type = event.headers?.['content-type'] ?? '';
  if (/json/i.test(type) || raw.trimStart().startsWith('{')) {
    try {
      return JSON.parse(raw);
    } catch {
      return {};
    }
  }
  const form = Object.fromEntries(new URLSearchParams(raw).entries());
  return { ...form, param: form.param?.replaceAll(' ', '+') };
};

/** POST /webhooks/zhixiao — Zhixiao's payment notify (2.5). */
export const handler = middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>().handler(async (event) => {
  const rt = await getRuntime();
  const config = rt.config;
  const secret = config.ZHIXIAO_APP_SECRET ?? '';
  const refuse = (why: string) => {
    rt.logger.warn('refused a Zhixiao notify', { reason: why });
    return answer(400, retCodes.badParameter, why, secret);
  };
  if (!rt.zhixiao || !config.ZHIXIAO_AES_KEY) return refuse('Zhixiao is not enabled');
  const { id, param, sign } = fieldsOf(event);
  if (typeof id !== 'string' || typeof param !== 'string') return refuse('id and param are required');
  if (id !== config.ZHIXIAO_APP_ID) return refuse('unknown app id');
  if (!signatureMatches(signRequest(id, param, secret), sign)) return refuse('bad signature');
  let notify: ReturnType<typeof notifySchema.safeParse>;
  try {
    notify = notifySchema.safeParse(JSON.parse(decrypt(param, config.ZHIXIAO_AES_KEY)));
  } catch {
    return refuse('param does not decrypt to JSON');
  }
  if (!notify.success) return refuse('param is not a valid notify');

  const result = await applyZhixiaoNotify(rt, notify.data);
  if (result.kind === 'mismatch') {
    rt.logger.warn('Zhixiao notify does not match our payment', {
      outTradeNo: notify.data.out_trade_no,
      reason: result.reason,
    });
    return answer(200, retCodes.error, result.reason, secret);
  }
  rt.logger.info('Zhixiao notify applied', { paymentId: result.payment.id, status: result.payment.status });
  return answer(200, retCodes.success, '', secret);
});
