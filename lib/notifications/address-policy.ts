import { isIPv4, isIPv6 } from 'node:net';

/** Why an address may not receive notifications, by the kind of range it is in. */
export type ForbiddenKind =
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'metadata'
  | 'shared (CGNAT)'
  | 'multicast'
  | 'unspecified'
  | 'reserved';

interface Range {
  bytes: number[];
  prefix: number;
  kind: ForbiddenKind;
}

const v4Bytes = (ip: string): number[] => ip.split('.').map(Number);

/** The 16 bytes of an IPv6 address, `::` and a dotted-quad tail included (the input is known valid). */
const v6Bytes = (ip: string): number[] => {
  let address = ip.replace(/%.*$/, '');
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(address);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    address = `${address.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = address.split('::');
  const groups = (s: string) => (s ? s.split(':') : []);
  const left = groups(head);
  const right = tail === undefined ? [] : groups(tail);
  const all = [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  return all.flatMap((g) => {
    const n = Number.parseInt(g, 16);
    return [n >> 8, n & 0xff];
  });
};

const range = (cidr: string, kind: ForbiddenKind): Range => {
  const [ip = '', prefix = '0'] = cidr.split('/');
  return { bytes: isIPv4(ip) ? v4Bytes(ip) : v6Bytes(ip), prefix: Number(prefix), kind };
};

const inRange = (bytes: number[], r: Range): boolean => {
  if (bytes.length !== r.bytes.length) return false;
  for (let bit = 0; bit < r.prefix; bit++) {
    const mask = 0x80 >> (bit % 8);
    if (((bytes[bit >> 3] as number) & mask) !== ((r.bytes[bit >> 3] as number) & mask)) return false;
  }
  return true;
};

/** Everything but the public unicast internet (IANA special-purpose registries); the first match names the kind. */
const v4Ranges = [
  range('127.0.0.0/8', 'loopback'),
  range('0.0.0.0/8', 'unspecified'),
  range('10.0.0.0/8', 'private'),
  range('172.16.0.0/12', 'private'),
  range('192.168.0.0/16', 'private'),
  range('169.254.169.254/32', 'metadata'),
  range('169.254.0.0/16', 'link-local'),
  // Alibaba Cloud's metadata service sits inside the shared range.
  range('100.100.100.200/32', 'metadata'),
  range('100.64.0.0/10', 'shared (CGNAT)'),
  range('224.0.0.0/4', 'multicast'),
  range('192.0.0.0/24', 'reserved'),
  range('192.0.2.0/24', 'reserved'),
  range('198.18.0.0/15', 'reserved'),
  range('198.51.100.0/24', 'reserved'),
  range('203.0.113.0/24', 'reserved'),
  range('240.0.0.0/4', 'reserved'),
];

const v6Ranges = [
  range('::1/128', 'loopback'),
  range('::/128', 'unspecified'),
  range('fd00:ec2::254/128', 'metadata'),
  range('fc00::/7', 'private'),
  range('fe80::/10', 'link-local'),
  range('fec0::/10', 'private'),
  range('ff00::/8', 'multicast'),
  range('100::/64', 'reserved'),
  range('2001:db8::/32', 'reserved'),
];

/** IPv6 forms that carry an IPv4 address, and where: mapped, NAT64, 6to4, the old compatible form. */
const embeddingV4 = [
  { range: range('::ffff:0:0/96', 'reserved'), at: 12 },
  { range: range('64:ff9b::/96', 'reserved'), at: 12 },
  { range: range('2002::/16', 'reserved'), at: 2 },
  { range: range('::/96', 'reserved'), at: 12 },
];

const kindOfV4 = (bytes: number[]): ForbiddenKind | undefined => v4Ranges.find((r) => inRange(bytes, r))?.kind;

const kindOfV6 = (bytes: number[]): ForbiddenKind | undefined => {
  const own = v6Ranges.find((r) => inRange(bytes, r))?.kind;
  if (own) return own;
  const embedded = embeddingV4.find((e) => inRange(bytes, e.range));
  return embedded ? kindOfV4(bytes.slice(embedded.at, embedded.at + 4)) : undefined;
};

/**
 * The kind of forbidden range `ip` is in, or undefined for a public unicast address (or a loopback one when
 * `allowLoopback`, the local run's setting). IPv6 forms embedding an IPv4 address are judged by that address.
 * Anything that is not an IP address at all is `reserved`.
 */
export const forbiddenAddress = (ip: string, options: { allowLoopback: boolean }): ForbiddenKind | undefined => {
  const kind = isIPv4(ip) ? kindOfV4(v4Bytes(ip)) : isIPv6(ip) ? kindOfV6(v6Bytes(ip)) : 'reserved';
  return kind === 'loopback' && options.allowLoopback ? undefined : kind;
};
