/**
 * Money is an integer number of fen (分). Conversions to a provider's unit are exact string
 * arithmetic: no float ever carries an amount.
 */
export type Fen = number;

/** True for a safe, non-negative integer amount of fen. */
export const isFen = (value: unknown): value is Fen =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

const assertFen = (fen: Fen): void => {
  if (!isFen(fen)) throw new RangeError(`not an amount of fen: ${String(fen)}`);
};

/** 1999 → "1999" (Shouqianba and Zhixiao send fen as decimal strings). */
export const fenToString = (fen: Fen): string => {
  assertFen(fen);
  return String(fen);
};

/** "1999" → 1999; anything but plain decimal digits is refused. */
export const parseFenString = (text: string): Fen => {
  if (!/^\d{1,15}$/.test(text)) throw new RangeError(`not a fen string: ${JSON.stringify(text)}`);
  return Number(text);
};

/** 1999 → "19.99", 5 → "0.05", 100 → "1.00". */
export const fenToYuan = (fen: Fen): string => {
  assertFen(fen);
  const digits = String(fen).padStart(3, '0');
  return `${digits.slice(0, -2)}.${digits.slice(-2)}`;
};

/** "19.99" → 1999, "19.9" → 1990, "19" → 1900; more than two decimals is refused. */
export const yuanToFen = (yuan: string): Fen => {
  const match = /^(\d{1,13})(?:\.(\d{1,2}))?$/.exec(yuan);
  if (!match) throw new RangeError(`not a yuan amount: ${JSON.stringify(yuan)}`);
  const [, whole = '0', fraction = ''] = match;
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
};
