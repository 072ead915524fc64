/**
 * Money in the console is integer fen, as in the API. Yuan appear only as text: formatted from fen by integer
 * division and remainder, and parsed from what a person types digit by digit. No float ever holds an amount.
 */

const groupThousands = (digits) => digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/** `1999` → `¥19.99`, `100000` → `¥1,000.00`. */
export const formatFen = (fen) => {
  if (!Number.isSafeInteger(fen)) throw new TypeError(`not an amount in fen: ${fen}`);
  const abs = Math.abs(fen);
  const cents = abs % 100;
  const yuan = (abs - cents) / 100;
  return `${fen < 0 ? '-' : ''}¥${groupThousands(String(yuan))}.${String(cents).padStart(2, '0')}`;
};

/** The same amount without the sign and grouping, as a person would type it back: `1999` → `19.99`. */
export const fenToYuanInput = (fen) => {
  const cents = fen % 100;
  return `${(fen - cents) / 100}.${String(cents).padStart(2, '0')}`;
};

/**
 * What a person typed in yuan (`5`, `5.5`, `5.05`, `¥1,000.00`) as integer fen, or null when it is not an amount
 * with at most two decimals. Yuan beyond 13 digits are refused, so the fen stay a safe integer.
 */
export const parseYuan = (text) => {
  const match = /^¥?(\d{1,13})(?:\.(\d{1,2}))?$/.exec(String(text).trim().replaceAll(',', ''));
  if (!match) return null;
  const [, yuan, cents = ''] = match;
  return Number(yuan) * 100 + Number(cents.padEnd(2, '0'));
};
