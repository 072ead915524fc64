import { describe, expect, it } from 'vitest';
import { maxBodyBytes, parseJsonBody, tooDeepAt } from '../../../lib/http/body';

const json = (text: string) => Buffer.from(text);

describe('parseJsonBody', () => {
  it.each([
    'application/json',
    'application/json;charset=utf-8',
    'APPLICATION/JSON ; charset=UTF-8',
    'application/problem+json',
    'application/vnd.paybridge.v1+json; q=1',
  ])('reads %s', (type) => {
    expect(parseJsonBody(json('{"a":1}'), type)).toEqual({ a: 1 });
  });

  it.each([
    undefined,
    '',
    'application/jsonx',
    'application/json-seq',
    'text/plain; application/json',
    'text/json',
    'application/+json',
    'multipart/form-data; boundary=application/json',
  ])('refuses content type %s with 415', (type) => {
    expect(() => parseJsonBody(json('{}'), type)).toThrow(expect.objectContaining({ status: 415 }));
  });

  it('reads an empty body as {} whatever its type', () => {
    expect(parseJsonBody(Buffer.alloc(0), undefined)).toEqual({});
  });

  it('refuses broken JSON with 400 on (body)', () => {
    expect(() => parseJsonBody(json('{"a":'), 'application/json')).toThrow(
      expect.objectContaining({ status: 400, errors: [{ path: '(body)', message: 'invalid JSON' }] }),
    );
  });
});

describe('tooDeepAt', () => {
  it('allows 8 levels below the top and names the first level past them', () => {
    expect(tooDeepAt({ a: [[[[[[[{}]]]]]]] })).toBeUndefined();
    expect(tooDeepAt({ a: [[[[[[[[{}]]]]]]]] })).toBe('a.0.0.0.0.0.0.0.0');
  });

  it('walks a body as deep as the size limit allows without exhausting the stack', () => {
    const levels = maxBodyBytes / 2;
    const value = JSON.parse(`${'['.repeat(levels)}${']'.repeat(levels)}`);
    expect(tooDeepAt(value)?.split('.')).toHaveLength(9);
  });

  it('ignores scalars and shallow objects', () => {
    expect(tooDeepAt('text')).toBeUndefined();
    expect(tooDeepAt({ a: 1, b: [1, 2, { c: null }] })).toBeUndefined();
  });
});
