import { foldName } from '../diff/values.js';
import type { SpecPath } from './schema.js';
import type { TableSpec } from './types.js';

/** A problem found in one spec entry, relative to the entry. */
export interface EntryIssue {
  path: SpecPath;
  message: string;
}

/** Rules about one table that a schema cannot say. */
export function checkTable(t: TableSpec): EntryIssue[] {
  const issues: EntryIssue[] = [];
  const seen = new Map<string, number>();
  (t.columns ?? []).forEach((c, i) => {
    const n = foldName(c.name);
    const first = seen.get(n);
    if (first !== undefined)
      issues.push({
        path: ['columns', i, 'name'],
        message: `column '${c.name}' is already declared at columns[${first}]`,
      });
    else seen.set(n, i);
  });
  const keys = new Set<string>();
  (t.partitionKeys ?? []).forEach((k, i) => {
    const n = foldName(k.name);
    if (seen.has(n))
      issues.push({ path: ['partitionKeys', i, 'name'], message: `'${k.name}' is both a column and a partition key` });
    if (keys.has(n))
      issues.push({ path: ['partitionKeys', i, 'name'], message: `partition key '${k.name}' is declared twice` });
    keys.add(n);
  });
  if (t.format !== 'csv') {
    if (t.delimiter !== undefined) issues.push({ path: ['delimiter'], message: "expected only with format: 'csv'" });
    if (t.skipHeaderLines !== undefined)
      issues.push({ path: ['skipHeaderLines'], message: "expected only with format: 'csv'" });
  }
  const indexes = t.partitionIndexes ?? [];
  if (indexes.length > 3)
    issues.push({ path: ['partitionIndexes'], message: `expected at most 3 partition indexes, got ${indexes.length}` });
  const indexNames = new Set<string>();
  indexes.forEach((index, i) => {
    if (indexNames.has(index.name))
      issues.push({
        path: ['partitionIndexes', i, 'name'],
        message: `partition index '${index.name}' is declared twice`,
      });
    indexNames.add(index.name);
    if (index.keys.length === 0)
      issues.push({ path: ['partitionIndexes', i, 'keys'], message: 'expected at least one partition key' });
    index.keys.forEach((k, j) => {
      if (!keys.has(foldName(k)))
        issues.push({
          path: ['partitionIndexes', i, 'keys', j],
          message: `expected one of the table's partition keys (${[...keys].join(', ') || 'none declared'}), got '${k}'`,
        });
    });
  });
  return issues;
}
