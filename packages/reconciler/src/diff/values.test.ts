import { describe, expect, it } from 'vitest';
import { comparedKeys, diffAttrs, pick } from './compare.js';
import { foldType, sameValue } from './values.js';

describe('sameValue', () => {
  it.each([
    [null, undefined],
    [{}, undefined],
    [[], null],
    [{}, []],
  ])('%j equals %j (every unset form is the same)', (a, b) => {
    expect(sameValue(a, b)).toBe(true);
  });
  it('ignores object key order but not list order', () => {
    expect(sameValue({ a: '1', b: '2' }, { b: '2', a: '1' })).toBe(true);
    expect(sameValue(['a', 'b'], ['b', 'a'])).toBe(false);
  });
  it('does not confuse false, 0 and empty string with unset', () => {
    expect(sameValue(false, undefined)).toBe(false);
    expect(sameValue(0, null)).toBe(false);
    expect(sameValue('', null)).toBe(false);
  });
});

describe('foldType', () => {
  it('folds case and blanks as Glue compares types', () => {
    expect(foldType('STRUCT<a: INT, b: String>')).toBe('struct<a:int,b:string>');
    expect(foldType('DECIMAL(10, 2)')).toBe('decimal(10,2)');
  });
});

describe('comparedKeys', () => {
  it('compares declared keys, previously declared keys and owned live keys, nothing else', () => {
    const keys = comparedKeys(
      { 'parameters.a': '1', 'columns.x.type': 'int' },
      { 'parameters.gone': 'old' },
      { 'parameters.crawler': 'x', 'columns.y.type': 'string', 'columns.y.comment': 'c' },
      [/^columns\.[^.]+\.type$/],
    );
    expect(keys).toEqual(['columns.x.type', 'columns.y.type', 'parameters.a', 'parameters.gone']);
  });
  it('diffs only what differs, with unset sides left out', () => {
    const before = pick({ a: '1', b: '2', c: [] }, ['a', 'b', 'c']);
    expect(diffAttrs(before, { a: '1', b: '3', d: 'x' })).toEqual([
      { path: 'b', before: '2', after: '3' },
      { path: 'd', after: 'x' },
    ]);
  });
});
