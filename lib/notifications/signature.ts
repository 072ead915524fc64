import { createHmac, timingSafeEqual } from 'node:crypto';

const hmacHex = (secret: string, body: string, unixSeconds: number): string =>
  createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex');

/**
 * `Paybridge-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + body)>`, with one `v1=` per secret:
 * while a rotated secret overlaps the new one, both sign (the new one first).
 */
export const signatureHeader = (secrets: string | readonly string[], body: string, unixSeconds: number): string =>
  [`t=${unixSeconds}`, ...[secrets].flat().map((s) => `v1=${hmacHex(s, body, unixSeconds)}`)].join(',');

const parseHeader = (header: string): { t: number; signatures: string[] } | undefined => {
  let t: number | undefined;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const [key, value = ''] = part.trim().split('=', 2);
    if (key === 't' && /^\d{1,12}$/.test(value)) t = Number(value);
    else if (key === 'v1' && /^[0-9a-f]{64}$/.test(value)) signatures.push(value);
  }
  return t === undefined || !signatures.length ? undefined : { t, signatures };
};

/**
 * What a receiver does with a notification: check the signature over the raw body, in constant time, and that it
 * is recent (`toleranceSeconds`, default 5 minutes), so a replayed old notification is refused. The header may
 * carry several `v1=` entries (a rotation's overlap) and the receiver may hold several secrets (its own side of a
 * rotation): one match of any secret with any entry is enough.
 */
export const verifySignatureHeader = (
  secrets: string | readonly string[],
  body: string,
  header: string | null | undefined,
  nowSeconds: number,
  toleranceSeconds = 300,
): boolean => {
  const parsed = parseHeader(header ?? '');
  if (!parsed || Math.abs(nowSeconds - parsed.t) > toleranceSeconds) return false;
  let matched = false;
  for (const secret of [secrets].flat()) {
    const expected = Buffer.from(hmacHex(secret, body, parsed.t), 'utf8');
    for (const signature of parsed.signatures) {
      const given = Buffer.from(signature, 'utf8');
      // No early return: every comparison runs, so timing does not tell which entry matched.
      if (expected.length === given.length && timingSafeEqual(expected, given)) matched = true;
    }
  }
  return matched;
};
