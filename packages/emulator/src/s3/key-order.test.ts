import { describe, expect, it } from 'vitest';
import { compareKeys, prefixEnd } from './key-order.js';

describe('key order', () => {
  it('bounds every key that starts with a prefix', () => {
    expect(prefixEnd('abc')).toBe('abd');
    expect(prefixEnd('a\u{10FFFF}')).toBe('b');
    expect(prefixEnd('\u{10FFFF}')).toBeUndefined();
    expect(prefixEnd('a\ud7ff')).toBe('a\ue000');
    for (const k of ['abc', 'abc/x', 'abc\u{10FFFF}', 'abc\uffff'])
      expect(compareKeys(k, prefixEnd('abc') ?? '')).toBe(-1);
  });

  it('orders keys by UTF-8 bytes, not UTF-16 units', () => {
    expect(compareKeys('\uffff', '😀')).toBe(-1);
    expect('\uffff' < '😀').toBe(false);
  });
});
