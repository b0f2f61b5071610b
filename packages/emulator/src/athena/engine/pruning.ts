/**
 * Partition pruning: which registered partitions a query can need, decided from the WHERE clause of the
 * SELECT that reads the table directly (`FROM t [AS a] WHERE ...`). Only conjuncts we can evaluate
 * exactly are used: `key = c`, `<>`, `<`, `<=`, `>`, `>=`, `BETWEEN`, `IN (...)`, and OR of those, with
 * `key` a partition column and `c` a literal (or a literal cast, e.g. DATE '2024-01-01'). Anything else
 * keeps every partition, and DuckDB still applies the full filter, so pruning never changes results:
 * it only decides which files are read, which is what DataScannedInBytes counts.
 */
import type { Partition } from '@aws-sdk/client-glue';
import { isObject, type Json, type JsonObject } from './ast.js';

export interface PartitionKey {
  name: string;
  /** DuckDB type of the key. */
  type: string;
}

/** The names the table goes by in the query, and whether a column must be qualified with one of them. */
interface Names {
  names: ReadonlySet<string>;
  qualifiedOnly: boolean;
}

type Test = (values: readonly (string | undefined)[]) => boolean;

/** The partitions the WHERE clause can match; all of them when nothing is known. */
export function prunePartitions(
  where: { clause: JsonObject; qualifiedOnly: boolean } | undefined,
  keys: readonly PartitionKey[],
  names: ReadonlySet<string>,
  partitions: readonly Partition[],
): Partition[] {
  if (!where) return [...partitions];
  const test = predicate(where.clause, keys, { names, qualifiedOnly: where.qualifiedOnly });
  if (!test) return [...partitions];
  return partitions.filter((p) =>
    test((p.Values ?? []).map((v) => (v === '__HIVE_DEFAULT_PARTITION__' ? undefined : v))),
  );
}

function predicate(node: Json, keys: readonly PartitionKey[], names: Names): Test | undefined {
  if (!isObject(node)) return undefined;
  const type = node['type'];
  const children = Array.isArray(node['children']) ? node['children'] : [];
  if (type === 'CONJUNCTION_AND') {
    const tests = children.map((c) => predicate(c, keys, names)).filter((t): t is Test => t !== undefined);
    return tests.length === 0 ? undefined : (v) => tests.every((t) => t(v));
  }
  if (type === 'CONJUNCTION_OR') {
    const tests = children.map((c) => predicate(c, keys, names));
    if (tests.some((t) => t === undefined)) return undefined;
    return (v) => tests.some((t) => t?.(v));
  }
  if (node['class'] === 'COMPARISON') {
    const left = node['left'];
    const right = node['right'];
    const op = String(type);
    let key = keyIndex(left, keys, names);
    let constant = literal(right);
    let flipped = false;
    if (key === undefined || constant === undefined) {
      key = keyIndex(right, keys, names);
      constant = literal(left);
      flipped = true;
    }
    if (key === undefined || constant === undefined) return undefined;
    const k = key;
    const c = constant;
    const cmp = comparer(keys[k]?.type ?? '', c);
    if (!cmp) return undefined;
    const accept = OPS[flipped ? (FLIP[op] ?? op) : op];
    if (!accept) return undefined;
    return (v) => {
      const value = v[k];
      if (value === undefined) return false;
      const r = cmp(value);
      return r === undefined || accept(r);
    };
  }
  if (type === 'COMPARE_IN' || type === 'COMPARE_NOT_IN') {
    const [first, ...rest] = children;
    const key = keyIndex(first, keys, names);
    const constants = rest.map(literal);
    if (key === undefined || constants.some((c) => c === undefined)) return undefined;
    const cmps = constants.map((c) => (c ? comparer(keys[key]?.type ?? '', c) : undefined));
    if (cmps.some((c) => c === undefined)) return undefined;
    const negate = type === 'COMPARE_NOT_IN';
    return (v) => {
      const value = v[key];
      if (value === undefined) return false;
      const results = cmps.map((c) => c?.(value));
      if (results.some((r) => r === undefined)) return true;
      const hit = results.some((r) => r === 0);
      return negate ? !hit : hit;
    };
  }
  if (node['class'] === 'BETWEEN') {
    const key = keyIndex(node['input'], keys, names);
    const lower = literal(node['lower']);
    const upper = literal(node['upper']);
    if (key === undefined || lower === undefined || upper === undefined) return undefined;
    const lo = comparer(keys[key]?.type ?? '', lower);
    const hi = comparer(keys[key]?.type ?? '', upper);
    if (!lo || !hi) return undefined;
    return (v) => {
      const value = v[key];
      if (value === undefined) return false;
      const a = lo(value);
      const b = hi(value);
      return a === undefined || b === undefined || (a >= 0 && b <= 0);
    };
  }
  return undefined;
}

const OPS: Record<string, (r: number) => boolean> = {
  COMPARE_EQUAL: (r) => r === 0,
  COMPARE_NOTEQUAL: (r) => r !== 0,
  COMPARE_LESSTHAN: (r) => r < 0,
  COMPARE_LESSTHANOREQUALTO: (r) => r <= 0,
  COMPARE_GREATERTHAN: (r) => r > 0,
  COMPARE_GREATERTHANOREQUALTO: (r) => r >= 0,
};

const FLIP: Record<string, string> = {
  COMPARE_LESSTHAN: 'COMPARE_GREATERTHAN',
  COMPARE_GREATERTHAN: 'COMPARE_LESSTHAN',
  COMPARE_LESSTHANOREQUALTO: 'COMPARE_GREATERTHANOREQUALTO',
  COMPARE_GREATERTHANOREQUALTO: 'COMPARE_LESSTHANOREQUALTO',
};

/** Index of the partition key a column reference names (unqualified, or qualified by the table's name or alias). */
function keyIndex(node: Json | undefined, keys: readonly PartitionKey[], names: Names): number | undefined {
  if (!isObject(node) || node['class'] !== 'COLUMN_REF') return undefined;
  const parts = node['column_names'];
  if (!Array.isArray(parts) || parts.length === 0 || parts.length > 2) return undefined;
  if (parts.length === 1 && names.qualifiedOnly) return undefined;
  if (parts.length === 2 && !names.names.has(String(parts[0]).toLowerCase())) return undefined;
  const column = String(parts[parts.length - 1]).toLowerCase();
  const i = keys.findIndex((k) => k.name === column);
  return i < 0 ? undefined : i;
}

/** A literal's text and the kind of value it is once its casts apply. */
interface Literal {
  text: string;
  kind: 'string' | 'number' | 'date' | 'other';
}

const CAST_KINDS: Record<string, Literal['kind']> = {
  VARCHAR: 'string',
  DATE: 'date',
  TINYINT: 'number',
  SMALLINT: 'number',
  INTEGER: 'number',
  BIGINT: 'number',
};

/** A literal, or a literal under casts; undefined for anything else (and for NULL). */
function literal(node: Json | undefined): Literal | undefined {
  if (!isObject(node)) return undefined;
  if (node['class'] === 'CAST' && node['try_cast'] !== true) {
    const inner = literal(node['child']);
    const target = node['cast_type'];
    if (!inner || !isObject(target)) return undefined;
    return { text: inner.text, kind: CAST_KINDS[String(target['id'])] ?? 'other' };
  }
  if (node['class'] !== 'CONSTANT') return undefined;
  const value = node['value'];
  if (!isObject(value) || value['is_null'] === true || !isObject(value['type'])) return undefined;
  const v = value['value'];
  const text = typeof v === 'string' && v.startsWith('\u0000bignum:') ? v.slice('\u0000bignum:'.length) : String(v);
  const id = String(value['type']['id']);
  const kind = id === 'VARCHAR' ? 'string' : id.includes('INT') ? 'number' : 'other';
  return { text, kind };
}

const INTEGER_TYPES = new Set(['TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT']);
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A comparison of a partition value with the literal (-1, 0, 1), as DuckDB would compare them, or
 * undefined when that is not exactly decidable here (then the partition is kept).
 */
function comparer(type: string, constant: Literal): ((value: string) => number | undefined) | undefined {
  const c = constant.text;
  if (INTEGER_TYPES.has(type)) {
    if ((constant.kind !== 'number' && constant.kind !== 'string') || !/^-?\d+$/.test(c.trim())) return undefined;
    const n = BigInt(c.trim());
    return (value) => {
      if (!/^\s*-?\d+\s*$/.test(value)) return undefined;
      const v = BigInt(value.trim());
      return v < n ? -1 : v > n ? 1 : 0;
    };
  }
  if (type === 'VARCHAR') {
    // Only a string compares as a string (DuckDB casts the column for a number or a date).
    if (constant.kind !== 'string') return undefined;
    // JavaScript compares UTF-16 units, DuckDB UTF-8 bytes: the same order for ASCII only.
    const ascii = (s: string) => !/[^\p{ASCII}]/u.test(s);
    return (value) => (value === c ? 0 : !ascii(value) || !ascii(c) ? undefined : value < c ? -1 : 1);
  }
  if (type === 'DATE') {
    if ((constant.kind !== 'date' && constant.kind !== 'string') || !ISO_DATE.test(c)) return undefined;
    return (value) => (ISO_DATE.test(value) ? (value < c ? -1 : value > c ? 1 : 0) : undefined);
  }
  return undefined;
}
