import { describe, expect, it } from 'vitest';
import { hunks, lineDiff, stableJson } from '../../apps/console/src/diff.js';

/** The table-version diff the console shows (pure functions, no browser). */
describe('console version diff', () => {
  it('diffs line by line, keeping common lines', () => {
    expect(lineDiff('a\nb\nc', 'a\nc\nd')).toEqual([
      { op: ' ', text: 'a' },
      { op: '-', text: 'b' },
      { op: ' ', text: 'c' },
      { op: '+', text: 'd' },
    ]);
    expect(lineDiff('same', 'same')).toEqual([{ op: ' ', text: 'same' }]);
  });

  it('sorts keys so only real changes differ', () => {
    expect(stableJson({ b: 1, a: { d: 2, c: [3] } })).toBe(stableJson({ a: { c: [3], d: 2 }, b: 1 }));
    expect(stableJson({ t: new Date(0) })).toContain('1970-01-01T00:00:00.000Z');
  });

  it('cuts long unchanged runs down to context around the changes', () => {
    const before = Array.from({ length: 20 }, (_, i) => `line ${i}`).join('\n');
    const after = before.replace('line 10', 'line ten');
    const cut = hunks(lineDiff(before, after), 2);
    expect(cut[0]).toEqual({ op: 'skip', count: 8 });
    expect(cut.filter((d) => d.op === '-' || d.op === '+')).toHaveLength(2);
    expect(cut[cut.length - 1]).toEqual({ op: 'skip', count: 7 });
  });
});
