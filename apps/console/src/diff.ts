/** One line of a line diff: kept, removed (only in the old text) or added (only in the new one). */
export interface DiffLine {
  op: ' ' | '-' | '+';
  text: string;
}

/**
 * Line diff by longest common subsequence (fine for table definitions: a few hundred lines at most).
 *
 * @example
 * lineDiff('a\nb', 'a\nc') // [{op:' ',text:'a'},{op:'-',text:'b'},{op:'+',text:'c'}]
 */
export function lineDiff(before: string, after: string): DiffLine[] {
  const a = before.split('\n');
  const b = after.split('\n');
  const n = a.length;
  const m = b.length;
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--)
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      out.push({ op: ' ', text: a[i]! });
      i++;
      j++;
    } else if (lcs[i + 1]![j]! >= lcs[i]![j + 1]!) out.push({ op: '-', text: a[i++]! });
    else out.push({ op: '+', text: b[j++]! });
  }
  while (i < n) out.push({ op: '-', text: a[i++]! });
  while (j < m) out.push({ op: '+', text: b[j++]! });
  return out;
}

/** JSON with sorted keys, so two versions of one object diff line by line on what changed. */
export function stableJson(value: unknown): string {
  const sort = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sort);
    if (v instanceof Date) return v.toISOString();
    if (v && typeof v === 'object')
      return Object.fromEntries(
        Object.entries(v as Record<string, unknown>)
          .sort(([x], [y]) => x.localeCompare(y))
          .map(([k, x]) => [k, sort(x)]),
      );
    return v;
  };
  return JSON.stringify(sort(value), null, 2);
}

/** A diff cut to the changed lines and `context` lines around them; the rest becomes one `skip` entry each. */
export function hunks(diff: DiffLine[], context = 3): (DiffLine | { op: 'skip'; count: number })[] {
  const keep = new Array<boolean>(diff.length).fill(false);
  diff.forEach((d, i) => {
    if (d.op === ' ') return;
    for (let j = Math.max(0, i - context); j <= Math.min(diff.length - 1, i + context); j++) keep[j] = true;
  });
  const out: (DiffLine | { op: 'skip'; count: number })[] = [];
  let skipped = 0;
  diff.forEach((d, i) => {
    if (keep[i]) {
      if (skipped > 0) out.push({ op: 'skip', count: skipped });
      skipped = 0;
      out.push(d);
    } else skipped++;
  });
  if (skipped > 0) out.push({ op: 'skip', count: skipped });
  return out;
}
