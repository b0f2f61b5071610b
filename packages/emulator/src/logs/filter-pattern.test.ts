import { describe, expect, it } from 'vitest';
import { compileFilterPattern } from './filter-pattern.js';

describe('compileFilterPattern', () => {
  const match = (pattern: string | undefined, message: string) => compileFilterPattern(pattern)(message);

  it('matches everything without a pattern', () => {
    expect(match(undefined, 'x')).toBe(true);
    expect(match('', 'x')).toBe(true);
  });

  it('needs every plain term, case-sensitively', () => {
    expect(match('ERROR disk', 'ERROR: disk full')).toBe(true);
    expect(match('ERROR disk', 'ERROR: memory')).toBe(false);
    expect(match('error', 'ERROR')).toBe(false);
  });

  it('reads quoted phrases, optional terms, exclusions and %regex%', () => {
    expect(match('"disk full"', 'the disk full now')).toBe(true);
    expect(match('"disk full"', 'full disk')).toBe(false);
    expect(match('?WARN ?ERROR', 'WARN slow')).toBe(true);
    expect(match('?WARN ?ERROR', 'INFO ok')).toBe(false);
    expect(match('ERROR -retry', 'ERROR retry later')).toBe(false);
    expect(match('%code [0-9]{3}%', 'failed with code 503')).toBe(true);
  });

  it('rejects JSON and space-delimited patterns', () => {
    expect(() => compileFilterPattern('{ $.level = "ERROR" }')).toThrow(/plain-term/);
    expect(() => compileFilterPattern('[ip, user]')).toThrow(/plain-term/);
  });
});
