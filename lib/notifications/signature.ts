import { createHmac, timingSafeEqual } from 'node:crypto';

/** `Paybridge-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + body)>` (API.md). */
export const signatureHeader = (secret: string, body: string, unixSeconds: number): string =>
  `t=${unixSeconds},v1=${createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex')}`;

/**
 * What a caller does with a notification: check the signature over the raw body, in constant time, and that it
 * is recent (`toleranceSeconds`, default 5 minutes), so a replayed old notification is refused.
 */
export const verifySignatureHeader = (
  secret: string,
  body: string,
  header: string | null | undefined,
  nowSeconds: number,
  toleranceSeconds = 300,
): boolean => {
  const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header ?? '');
  if (!match) return false;
  const t = Number(match[1]);
  if (Math.abs(nowSeconds - t) > toleranceSeconds) return false;
  const expected = Buffer.from(signatureHeader(secret, body, t).slice(-64), 'utf8');
  const given = Buffer.from(match[2] as string, 'utf8');
  return expected.length === given.length && timingSafeEqual(expected, given);
};
