import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fenToYuanInput, formatFen, parseYuan } from '../../../console/money.js';

describe('console money', () => {
  it('formats integer fen as ¥ with two decimals and grouped yuan', () => {
    expect(formatFen(0)).toBe('¥0.00');
    expect(formatFen(5)).toBe('¥0.05');
    expect(formatFen(1999)).toBe('¥19.99');
    expect(formatFen(100_000)).toBe('¥1,000.00');
    expect(formatFen(123_456_789)).toBe('¥1,234,567.89');
    expect(formatFen(-250)).toBe('-¥2.50');
    expect(() => formatFen(19.99)).toThrow(TypeError);
  });

  it('parses what a person types in yuan to exact fen, where a float would be off by one', () => {
    // 0.29 * 100 and 19.99 * 100 are 28.999… and 1998.999… as floats.
    expect(parseYuan('0.29')).toBe(29);
    expect(parseYuan('19.99')).toBe(1999);
    expect(parseYuan('5')).toBe(500);
    expect(parseYuan('5.5')).toBe(550);
    expect(parseYuan(' ¥1,000.05 ')).toBe(100_005);
    for (const bad of ['', '.5', '5.', '5.555', '-1', '1e3', 'abc', '1.2.3', '12345678901234']) {
      expect(parseYuan(bad)).toBeNull();
    }
  });

  it('round-trips every amount: formatted or written back, then parsed, it is the same fen', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9_999_999_999_999 }), (fen) => {
        expect(parseYuan(formatFen(fen))).toBe(fen);
        expect(parseYuan(fenToYuanInput(fen))).toBe(fen);
      }),
    );
  });
});
