import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  decrypt,
  encrypt,
  sealRequest,
  signatureMatches,
  signRequest,
  signResponse,
} from '../../../../lib/providers/zhixiao/codec';

// The known-answer vector of shared/zhixiao-vector.json, kept beside the other Zhixiao fixtures.
const vector = JSON.parse(readFileSync(new URL('../../../fixtures/zhixiao/vector.json', import.meta.url), 'utf8')) as {
  appId: string;
  appSecret: string;
  aesKey: string;
  plaintext: string;
  ciphertext: string;
  sign: string;
};

describe('Zhixiao codec, proven by the known-answer vector', () => {
  it('decrypts the vector ciphertext to its plaintext exactly', () => {
    expect(decrypt(vector.ciphertext, vector.aesKey)).toBe(vector.plaintext);
  });

  it('encrypts the vector plaintext back to the same ciphertext', () => {
    expect(encrypt(vector.plaintext, vector.aesKey)).toBe(vector.ciphertext);
  });

  it('signs id + param + appsecret to the vector signature, and seals a request the same way', () => {
    expect(signRequest(vector.appId, vector.ciphertext, vector.appSecret)).toBe(vector.sign);
    const sealed = sealRequest(JSON.parse(vector.plaintext), vector);
    expect(decrypt(sealed.param, vector.aesKey)).toBe(JSON.stringify(JSON.parse(vector.plaintext)));
    expect(sealed.sign).toBe(signRequest(vector.appId, sealed.param, vector.appSecret));
  });

  it('verifies signatures in constant time, in either case, and refuses others', () => {
    expect(signatureMatches(vector.sign, vector.sign.toUpperCase())).toBe(true);
    expect(signatureMatches(vector.sign, `${vector.sign.slice(0, -1)}0`)).toBe(vector.sign.endsWith('0'));
    expect(signatureMatches(vector.sign, vector.sign.slice(1))).toBe(false);
    expect(signatureMatches(vector.sign, undefined)).toBe(false);
    expect(signResponse('0', '', vector.appSecret)).toMatch(/^[0-9a-f]{32}$/);
  });

  it('refuses text that is not a ciphertext under the key', () => {
    expect(() => decrypt('not base64!', vector.aesKey)).toThrow();
    expect(() => decrypt(vector.ciphertext, 'B'.repeat(32))).toThrow();
    expect(() => encrypt('x', 'short')).toThrow(/32/);
  });
});
