import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fenToString, fenToYuan, parseFenString, yuanToFen } from '../../../lib/domain/money';

describe('money', () => {
  it('converts fen → yuan → fen exactly for every amount', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 999_999_999_999 }), (fen) => yuanToFen(fenToYuan(fen)) === fen));
  });

  it('converts fen → string → fen exactly', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9_999_999_999 }), (fen) => parseFenString(fenToString(fen)) === fen),
    );
  });

  it('formats yuan with two decimals', () => {
    expect([1999, 5, 100, 0, 1].map(fenToYuan)).toEqual(['19.99', '0.05', '1.00', '0.00', '0.01']);
    expect(['19.9', '19', '0.01'].map(yuanToFen)).toEqual([1990, 1900, 1]);
  });

  it('refuses anything that is not an exact amount', () => {
    expect(() => fenToYuan(19.99)).toThrow(RangeError);
    expect(() => fenToYuan(-1)).toThrow(RangeError);
    expect(() => yuanToFen('1.999')).toThrow(RangeError);
    expect(() => yuanToFen('1e3')).toThrow(RangeError);
    expect(() => parseFenString('19.99')).toThrow(RangeError);
    expect(() => parseFenString('-5')).toThrow(RangeError);
  });
});
