import { createCipheriv, createDecipheriv, createHash, timingSafeEqual } from 'node:crypto';

/**
 * Zhixiao's codec (PROVIDERS.md): AES-256-CBC with the 32 ASCII bytes of `aes_key` as written (not hex-decoded)
 * as key and its first 16 bytes as IV, PKCS#7 padding, standard base64; md5 signatures in lowercase hex.
 */
export interface ZhixiaoCredentials {
  appId: string;
  appSecret: string;
  aesKey: string;
}

const keyAndIv = (aesKey: string) => {
  const key = Buffer.from(aesKey, 'ascii');
  if (key.length !== 32) throw new Error('Zhixiao aes_key must be 32 ASCII characters');
  return { key, iv: key.subarray(0, 16) };
};

export const encrypt = (plaintext: string, aesKey: string): string => {
  const { key, iv } = keyAndIv(aesKey);
  const cipher = createCipheriv('aes-256-cbc', key, iv);
  return Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]).toString('base64');
};

/** Throws on text that is not base64 of a whole ciphertext under this key. */
export const decrypt = (ciphertext: string, aesKey: string): string => {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(ciphertext)) throw new Error('not base64');
  const { key, iv } = keyAndIv(aesKey);
  const decipher = createDecipheriv('aes-256-cbc', key, iv);
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64')), decipher.final()]).toString('utf8');
};

const md5 = (text: string) => createHash('md5').update(text, 'utf8').digest('hex');

/** Request and notify signature: md5(id + param + appsecret), `param` exactly as sent (the base64 text). */
export const signRequest = (id: string, param: string, appSecret: string): string => md5(id + param + appSecret);

/** Response signature: md5(ret_code + ret_content + appsecret). */
export const signResponse = (retCode: string, retContent: string, appSecret: string): string =>
  md5(retCode + retContent + appSecret);

/** Constant-time comparison of a signature given in either case against the expected lowercase hex. */
export const signatureMatches = (expected: string, given: unknown): boolean => {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(given.toLowerCase(), 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
};

/** The form fields of one signed, encrypted request (or notify). */
export const sealRequest = (payload: unknown, creds: ZhixiaoCredentials) => {
  const param = encrypt(JSON.stringify(payload), creds.aesKey);
  return { id: creds.appId, param, sign: signRequest(creds.appId, param, creds.appSecret) };
};
