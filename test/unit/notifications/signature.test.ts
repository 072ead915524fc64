import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signatureHeader, verifySignatureHeader } from '../../../lib/notifications/signature';

describe('Paybridge-Signature', () => {
  const body = '{"id":"evt_1","type":"payment.paid"}';

  it('is t=<seconds>,v1=<hex HMAC-SHA256(secret, t.body)>', () => {
    const expected = createHmac('sha256', 'whsec_test').update(`1700000000.${body}`).digest('hex');
    expect(signatureHeader('whsec_test', body, 1_700_000_000)).toBe(`t=1700000000,v1=${expected}`);
  });

  it('verifies only the same body, secret and a recent time', () => {
    const header = signatureHeader('whsec_test', body, 1_700_000_000);
    expect(verifySignatureHeader('whsec_test', body, header, 1_700_000_100)).toBe(true);
    expect(verifySignatureHeader('whsec_test', `${body} `, header, 1_700_000_100)).toBe(false);
    expect(verifySignatureHeader('whsec_other', body, header, 1_700_000_100)).toBe(false);
    expect(verifySignatureHeader('whsec_test', body, header, 1_700_000_301)).toBe(false);
    expect(verifySignatureHeader('whsec_test', body, 'v1=abc', 1_700_000_000)).toBe(false);
  });
});
