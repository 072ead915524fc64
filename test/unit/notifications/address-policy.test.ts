import { describe, expect, it } from 'vitest';
import { forbiddenAddress } from '../../../lib/notifications/address-policy';

const strict = { allowLoopback: false };

describe('which addresses may receive notifications', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['::1', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['fc00::1', 'private'],
    ['fd12:3456::1', 'private'],
    ['169.254.1.1', 'link-local'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['169.254.169.254', 'metadata'],
    ['fd00:ec2::254', 'metadata'],
    ['100.100.100.200', 'metadata'],
    ['100.64.0.1', 'shared (CGNAT)'],
    ['100.127.255.255', 'shared (CGNAT)'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['ff02::1', 'multicast'],
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    ['255.255.255.255', 'reserved'],
    ['192.0.2.10', 'reserved'],
    ['2001:db8::1', 'reserved'],
  ])('refuses %s (%s)', (ip, kind) => {
    expect(forbiddenAddress(ip, strict)).toBe(kind);
  });

  it.each([
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:10.0.0.1', 'private'],
    ['::ffff:169.254.169.254', 'metadata'],
    ['::ffff:a9fe:a9fe', 'metadata'],
    ['64:ff9b::10.0.0.1', 'private'],
    ['2002:a9fe:a9fe::', 'metadata'],
    ['::127.0.0.1', 'loopback'],
  ])('judges the IPv4 address inside %s (%s)', (ip, kind) => {
    expect(forbiddenAddress(ip, strict)).toBe(kind);
  });

  it.each([
    '93.184.216.34',
    '8.8.8.8',
    '172.32.0.1',
    '100.128.0.1',
    '2606:4700::1111',
    '::ffff:8.8.8.8',
    '2002:808:808::',
  ])('lets the public address %s through', (ip) => {
    expect(forbiddenAddress(ip, strict)).toBeUndefined();
  });

  it('lets loopback, and only loopback, through when the local setting allows it', () => {
    const local = { allowLoopback: true };
    expect(forbiddenAddress('127.0.0.1', local)).toBeUndefined();
    expect(forbiddenAddress('::1', local)).toBeUndefined();
    expect(forbiddenAddress('::ffff:127.0.0.1', local)).toBeUndefined();
    expect(forbiddenAddress('10.0.0.1', local)).toBe('private');
    expect(forbiddenAddress('169.254.169.254', local)).toBe('metadata');
  });

  it('treats anything that is not an IP address as forbidden', () => {
    expect(forbiddenAddress('example.com', strict)).toBe('reserved');
    expect(forbiddenAddress('', strict)).toBe('reserved');
  });
});
