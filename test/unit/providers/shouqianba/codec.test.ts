import { describe, expect, it } from 'vitest';
import {
  authorizationHeader,
  parseAuthorization,
  signBody,
  verifyBody,
} from '../../../../lib/providers/shouqianba/codec';

// Known answers computed independently (Python hashlib.md5 over body + key, UTF-8).
const vectors = [
  {
    body: '{"terminal_sn":"100000330010000001","client_sn":"pay_1","total_amount":"1999"}',
    key: 'sandbox-terminal-key-0123456789ab',
    sign: 'f26399d7a054fc7936c8fbcd5b8954c1',
  },
  { body: '{"subject":"达美乐披萨"}', key: 'key', sign: 'ecae3fbd0a6ef6ec863b63ef214627e2' },
];

describe('Shouqianba signature', () => {
  it.each(vectors)('signs $body with the known answer', ({ body, key, sign }) => {
    expect(signBody(body, key)).toBe(sign);
    expect(authorizationHeader('T1', body, key)).toBe(`T1 ${sign}`);
  });

  it('verifies either case and refuses a changed body or key', () => {
    const [v] = vectors;
    if (!v) throw new Error('no vector');
    expect(verifyBody(v.body, v.key, v.sign.toUpperCase())).toBe(true);
    expect(verifyBody(`${v.body} `, v.key, v.sign)).toBe(false);
    expect(verifyBody(v.body, 'other', v.sign)).toBe(false);
    expect(verifyBody(v.body, v.key, 'short')).toBe(false);
  });

  it('parses the Authorization header', () => {
    expect(parseAuthorization('T1 f26399d7a054fc7936c8fbcd5b8954c1')).toEqual({
      terminalSn: 'T1',
      sign: 'f26399d7a054fc7936c8fbcd5b8954c1',
    });
    expect(parseAuthorization('T1')).toBeUndefined();
    expect(parseAuthorization(undefined)).toBeUndefined();
  });
});
