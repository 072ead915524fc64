import { randomBytes } from 'node:crypto';

const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A time-ordered id (48-bit ms time + 80 random bits, Crockford base32), e.g. `pay_01JD…`: 30 chars for `pay`. */
export const newId = (prefix: string, now: number = Date.now()): string => {
  let time = '';
  let t = now;
  for (let i = 0; i < 10; i++) {
    time = alphabet[t % 32] + time;
    t = Math.floor(t / 32);
  }
  const random = [...randomBytes(16)]
    .slice(0, 16)
    .map((b) => alphabet[b % 32])
    .join('');
  return `${prefix}_${time}${random}`;
};
