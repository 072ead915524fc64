import { describe, expect, it } from 'vitest';
import { urlProblem } from '../../../lib/notifications/url-policy';

const aws = { allowHttp: false, allowLoopback: false };
const local = { allowHttp: true, allowLoopback: true };

describe('notification URLs, as far as the URL alone tells', () => {
  it('accepts a public https URL everywhere, and http only where the setting allows it', () => {
    expect(urlProblem('https://hooks.example.edu/paybridge', aws)).toBeUndefined();
    expect(urlProblem('http://hooks.example.edu/paybridge', aws)).toBe('an https URL');
    expect(urlProblem('http://hooks.example.edu/paybridge', local)).toBeUndefined();
  });

  it.each([
    ['file:///etc/passwd', 'an http or https URL'],
    ['javascript:alert(1)', 'an http or https URL'],
    ['gopher://example.com/', 'an http or https URL'],
    ['not a url', 'not a URL'],
    ['http://user:pass@example.com/', 'no credentials in the URL'],
    ['http://token@example.com/', 'no credentials in the URL'],
  ])('refuses %s even locally: %s', (url, problem) => {
    expect(urlProblem(url, local)).toBe(problem);
  });

  it.each([
    ['https://127.0.0.1/hook', 'loopback addresses are not allowed'],
    ['https://localhost/hook', 'localhost is not allowed'],
    ['https://api.localhost/hook', 'localhost is not allowed'],
    ['https://[::1]/hook', 'loopback addresses are not allowed'],
    ['https://2130706433/hook', 'loopback addresses are not allowed'],
    ['https://0x7f.1/hook', 'loopback addresses are not allowed'],
    ['https://169.254.169.254/latest/meta-data/', 'metadata addresses are not allowed'],
    ['https://[::ffff:169.254.169.254]/', 'metadata addresses are not allowed'],
    ['https://10.0.0.8/hook', 'private addresses are not allowed'],
    ['https://[fd00::8]/hook', 'private addresses are not allowed'],
    ['https://100.64.1.1/hook', 'shared (CGNAT) addresses are not allowed'],
    ['https://[fe80::1]/hook', 'link-local addresses are not allowed'],
    ['https://0.0.0.0/hook', 'unspecified addresses are not allowed'],
  ])('refuses %s in AWS: %s', (url, problem) => {
    expect(urlProblem(url, aws)).toBe(problem);
  });

  it('allows loopback hosts locally but still no other private range', () => {
    expect(urlProblem('http://127.0.0.1:8080/hook', local)).toBeUndefined();
    expect(urlProblem('http://localhost:8080/hook', local)).toBeUndefined();
    expect(urlProblem('http://192.168.0.10/hook', local)).toBe('private addresses are not allowed');
    expect(urlProblem('http://169.254.169.254/', local)).toBe('metadata addresses are not allowed');
  });
});
