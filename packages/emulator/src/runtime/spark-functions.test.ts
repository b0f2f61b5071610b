import { describe, expect, it } from 'vitest';
import { toStrftime } from './spark-functions.js';
import { escapePathName } from './write.js';

describe('toStrftime', () => {
  it('converts Spark datetime patterns', () => {
    expect(toStrftime('yyyy-MM-dd')).toBe('%Y-%m-%d');
    expect(toStrftime('dd/MM/yyyy HH:mm:ss')).toBe('%d/%m/%Y %H:%M:%S');
    expect(toStrftime("yyyy-MM-dd'T'HH:mm:ss.SSSSSS")).toBe('%Y-%m-%dT%H:%M:%S.%f');
    expect(toStrftime("d MMM yyyy 'at' h a")).toBe('%-d %b %Y at %-I %p');
    expect(toStrftime('yyyyMMdd 100%')).toBe('%Y%m%d 100%%');
  });

  it('refuses letters it cannot map', () => {
    expect(() => toStrftime('yyyy-ww')).toThrow(/not supported locally/);
  });
});

describe('escapePathName', () => {
  it('escapes as Spark escapes partition values', () => {
    expect(escapePathName('2024-01-05')).toBe('2024-01-05');
    expect(escapePathName('a/b=c:d')).toBe('a%2Fb%3Dc%3Ad');
    expect(escapePathName('x y é')).toBe('x y é');
    expect(escapePathName('50%')).toBe('50%25');
  });
});
