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

  it('signs with every secret of a rotation, new first, and verifies against any of the receiver’s secrets', () => {
    const header = signatureHeader(['whsec_new', 'whsec_old'], body, 1_700_000_000);
    const [t, v1new, v1old] = header.split(',');
    expect(t).toBe('t=1700000000');
    expect(v1new).toBe(signatureHeader('whsec_new', body, 1_700_000_000).split(',')[1]);
    expect(v1old).toBe(signatureHeader('whsec_old', body, 1_700_000_000).split(',')[1]);
    expect(verifySignatureHeader('whsec_old', body, header, 1_700_000_000)).toBe(true);
    expect(verifySignatureHeader('whsec_new', body, header, 1_700_000_000)).toBe(true);
    expect(verifySignatureHeader(['whsec_other', 'whsec_new'], body, header, 1_700_000_000)).toBe(true);
    expect(verifySignatureHeader(['whsec_other', 'whsec_third'], body, header, 1_700_000_000)).toBe(false);
    expect(verifySignatureHeader([], body, header, 1_700_000_000)).toBe(false);
  });

  it('refuses a header with entries but no timestamp, or a timestamp but no valid entry', () => {
    const v1 = signatureHeader('whsec_test', body, 1_700_000_000).split(',')[1] as string;
    expect(verifySignatureHeader('whsec_test', body, v1, 1_700_000_000)).toBe(false);
    expect(verifySignatureHeader('whsec_test', body, 't=1700000000,v1=zz', 1_700_000_000)).toBe(false);
    expect(verifySignatureHeader('whsec_test', body, `t=1700000000,v0=abc,${v1}`, 1_700_000_000)).toBe(true);
  });
});
