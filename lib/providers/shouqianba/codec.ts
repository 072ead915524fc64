import { createHash, timingSafeEqual } from 'node:crypto';

/** Shouqianba's transport signature: hex MD5 of the exact body bytes followed by the terminal key. */
export const signBody = (body: string, terminalKey: string): string =>
  createHash('md5')
    .update(Buffer.concat([Buffer.from(body, 'utf8'), Buffer.from(terminalKey, 'utf8')]))
    .digest('hex');

/** `Authorization: <terminal_sn> <sign>` */
export const authorizationHeader = (terminalSn: string, body: string, terminalKey: string): string =>
  `${terminalSn} ${signBody(body, terminalKey)}`;

/** Splits an Authorization header into terminal and signature; undefined when it is not of that form. */
export const parseAuthorization = (header: string | undefined): { terminalSn: string; sign: string } | undefined => {
  const match = /^(\S+) ([0-9a-fA-F]{32})$/.exec(header?.trim() ?? '');
  return match ? { terminalSn: match[1] as string, sign: match[2] as string } : undefined;
};

/** Constant-time check of a signature given in either case. */
export const verifyBody = (body: string, terminalKey: string, sign: string): boolean => {
  const expected = Buffer.from(signBody(body, terminalKey), 'utf8');
  const given = Buffer.from(sign.toLowerCase(), 'utf8');
  return expected.length === given.length && timingSafeEqual(expected, given);
};
