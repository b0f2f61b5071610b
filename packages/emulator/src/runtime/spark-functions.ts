/**
 * Spark SQL functions in spark.sql text, made to mean what they mean in Spark when DuckDB has the same name
 * with other semantics (concat ignores NULLs, split takes a literal, regexp_replace replaces once, log is
 * base 10, dayofweek counts from 0) or lacks them (date_format, to_date, explode, size, nvl, collect_list...).
 * Casts become Spark's non-ANSI casts (a bad value is NULL, integral targets truncate).
 * The `lb_sp_*` macros are created once per runtime instance (`engine.ts`).
 */
import { isObject, type Json, type JsonObject, stringConstant } from '../athena/engine/ast.js';
import { notSupported } from './errors.js';

const CONCAT_MAX = 16;

export const SPARK_SQL_MACROS: readonly string[] = [
  ...Array.from({ length: CONCAT_MAX - 1 }, (_, i) => {
    const args = Array.from({ length: i + 2 }, (_, k) => `a${k}`);
    return `CREATE MACRO lb_sp_concat${i + 2}(${args.join(', ')}) AS ${args.map((a) => `CAST(${a} AS VARCHAR)`).join(' || ')}`;
  }),
  'CREATE MACRO lb_sp_split(s, p) AS regexp_split_to_array(s, p)',
  'CREATE MACRO lb_sp_dayofweek(x) AS CAST(dayofweek(lb_sp_date(x)) + 1 AS INTEGER)',
  'CREATE MACRO lb_sp_weekday(x) AS CAST(isodow(lb_sp_date(x)) - 1 AS INTEGER)',
  "CREATE MACRO lb_sp_regexp_replace(s, p, r) AS regexp_replace(s, p, r, 'g')",
  'CREATE MACRO lb_sp_datediff(a, b) AS CAST(lb_sp_date(a) - lb_sp_date(b) AS INTEGER)',
  'CREATE MACRO lb_sp_date_add(d, n) AS CAST(lb_sp_date(d) + CAST(n AS INTEGER) AS DATE)',
  'CREATE MACRO lb_sp_date_sub(d, n) AS CAST(lb_sp_date(d) - CAST(n AS INTEGER) AS DATE)',
  'CREATE MACRO lb_sp_add_months(d, n) AS CAST(lb_sp_date(d) + to_months(CAST(n AS INTEGER)) AS DATE)',
  `CREATE MACRO lb_sp_to_date(x) AS lb_sp_date(x),
     (x, f) AS CAST(try_strptime(CAST(x AS VARCHAR), f) AS DATE)`,
  `CREATE MACRO lb_sp_to_timestamp(x) AS lb_sp_ts(x),
     (x, f) AS CAST(try_strptime(CAST(x AS VARCHAR), f) AS TIMESTAMP)`,
  'CREATE MACRO lb_sp_date_format(x, f) AS strftime(lb_sp_ts(x), f)',
  `CREATE MACRO lb_sp_from_unixtime(x) AS strftime(CAST(to_timestamp(CAST(x AS DOUBLE)) AS TIMESTAMP), '%Y-%m-%d %H:%M:%S'),
     (x, f) AS strftime(CAST(to_timestamp(CAST(x AS DOUBLE)) AS TIMESTAMP), f)`,
  `CREATE MACRO lb_sp_unix_timestamp() AS CAST(epoch(get_current_timestamp()) AS BIGINT),
     (x) AS CAST(epoch(coalesce(try_strptime(CAST(x AS VARCHAR), '%Y-%m-%d %H:%M:%S'), lb_sp_ts(x))) AS BIGINT),
     (x, f) AS CAST(epoch(try_strptime(CAST(x AS VARCHAR), f)) AS BIGINT)`,
  'CREATE MACRO lb_sp_size(x) AS CAST(coalesce(len(x), -1) AS INTEGER)',
  'CREATE MACRO lb_sp_isnull(x) AS (x IS NULL)',
  'CREATE MACRO lb_sp_isnotnull(x) AS (x IS NOT NULL)',
  'CREATE MACRO lb_sp_pmod(a, b) AS ((a % b) + b) % b',
  'CREATE MACRO lb_sp_nvl(a, b) AS coalesce(a, b)',
  `CREATE MACRO lb_sp_initcap(s) AS
     array_to_string(list_transform(string_split(s, ' '), w -> upper(left(w, 1)) || lower(substr(w, 2))), ' ')`,
  'CREATE MACRO lb_sp_collect_list(x) AS coalesce(list(x) FILTER (WHERE x IS NOT NULL), [])',
  'CREATE MACRO lb_sp_collect_set(x) AS coalesce(list(DISTINCT x) FILTER (WHERE x IS NOT NULL), [])',
];

/** Spark name -> the function or macro taking the same arguments. */
const RENAMES: Readonly<Record<string, string>> = {
  split: 'lb_sp_split',
  dayofweek: 'lb_sp_dayofweek',
  weekday: 'lb_sp_weekday',
  regexp_replace: 'lb_sp_regexp_replace',
  datediff: 'lb_sp_datediff',
  date_add: 'lb_sp_date_add',
  date_sub: 'lb_sp_date_sub',
  add_months: 'lb_sp_add_months',
  to_date: 'lb_sp_to_date',
  to_timestamp: 'lb_sp_to_timestamp',
  date_format: 'lb_sp_date_format',
  from_unixtime: 'lb_sp_from_unixtime',
  unix_timestamp: 'lb_sp_unix_timestamp',
  size: 'lb_sp_size',
  cardinality: 'lb_sp_size',
  isnull: 'lb_sp_isnull',
  isnotnull: 'lb_sp_isnotnull',
  pmod: 'lb_sp_pmod',
  collect_list: 'lb_sp_collect_list',
  collect_set: 'lb_sp_collect_set',
  explode: 'unnest',
  nvl: 'lb_sp_nvl',
  ifnull: 'lb_sp_nvl',
  std: 'stddev_samp',
  ucase: 'upper',
  initcap: 'lb_sp_initcap',
  array_join: 'array_to_string',
  sort_array: 'list_sort',
  lcase: 'lower',
};

/** Which argument of a renamed function is a Spark datetime pattern (converted when it is a literal). */
const PATTERN_ARG: Readonly<Record<string, number>> = {
  to_date: 1,
  to_timestamp: 1,
  date_format: 1,
  from_unixtime: 1,
  unix_timestamp: 1,
};

/** Rewrite a FUNCTION node in place (its children are visited by the caller). */
export function sparkFunction(node: JsonObject): void {
  if (node['is_operator'] === true) return;
  const name = String(node['function_name'] ?? '').toLowerCase();
  const children = Array.isArray(node['children']) ? node['children'] : [];
  if (name === 'concat' && children.length >= 2) {
    if (children.length > CONCAT_MAX) throw notSupported(`concat of more than ${CONCAT_MAX} values in spark.sql`);
    node['function_name'] = `lb_sp_concat${children.length}`;
    return;
  }
  if (name === 'log' && children.length === 1) {
    node['function_name'] = 'ln';
    return;
  }
  if ((name === 'date_add' || name === 'date_sub') && children.length === 2) {
    const second = children[1];
    if (isObject(second) && second['class'] === 'CONSTANT' && isObject(second['value'])) {
      const type = second['value']['type'];
      if (isObject(type) && type['id'] === 'INTERVAL') return;
    }
  }
  const renamed = RENAMES[name];
  if (renamed === undefined) return;
  const patternAt = PATTERN_ARG[name];
  if (patternAt !== undefined && children.length > patternAt) {
    const pattern = stringConstant(children[patternAt]);
    if (pattern === undefined) throw notSupported(`${name} with a format that is not a literal, in spark.sql`);
    setString(children[patternAt] as JsonObject, toStrftime(pattern));
  }
  if (name === 'regexp_replace' && children.length === 3) {
    const replacement = stringConstant(children[2]);
    if (replacement !== undefined) setString(children[2] as JsonObject, javaReplacement(replacement));
  }
  if (name === 'regexp_replace' && children.length !== 3) return;
  node['function_name'] = renamed;
}

/** Spark's (non-ANSI) cast in place of DuckDB's: a value that does not convert is NULL; integral targets truncate. */
export function sparkCast(node: JsonObject): JsonObject {
  const type = node['cast_type'];
  const id = isObject(type) ? String(type['id']) : '';
  node['try_cast'] = true;
  const child = node['child'] as Json;
  if (id === 'BOOLEAN') return call('lb_sp_bool', child, node['alias']);
  if (id === 'BIGINT') node['child'] = call('lb_sp_trunc', child, '');
  else if (id === 'INTEGER' || id === 'SMALLINT' || id === 'TINYINT') node['child'] = call('lb_sp_trunc32', child, '');
  return node;
}

function call(name: string, child: Json, alias: Json | undefined): JsonObject {
  return {
    class: 'FUNCTION',
    type: 'FUNCTION',
    alias: typeof alias === 'string' ? alias : '',
    query_location: 0,
    function_name: name,
    schema: '',
    children: [child],
    filter: null,
    order_bys: { type: 'ORDER_MODIFIER', orders: [] },
    distinct: false,
    is_operator: false,
    export_state: false,
    catalog: '',
  };
}

function setString(node: JsonObject, text: string): void {
  const value = node['value'];
  if (isObject(value)) value['value'] = text;
}

/** Java's `$1` group references as RE2's `\1`. */
function javaReplacement(text: string): string {
  return text.replace(/\\(.)|\$(\d)/g, (_m, escaped: string | undefined, group: string | undefined) =>
    escaped !== undefined ? (escaped === '\\' ? '\\\\' : escaped) : `\\${group}`,
  );
}

const LETTERS: Readonly<Record<string, Readonly<Record<number, string>>>> = {
  y: { 1: '%Y', 2: '%y', 4: '%Y' },
  u: { 1: '%Y', 2: '%y', 4: '%Y' },
  M: { 1: '%-m', 2: '%m', 3: '%b', 4: '%B' },
  L: { 1: '%-m', 2: '%m', 3: '%b', 4: '%B' },
  d: { 1: '%-d', 2: '%d' },
  D: { 1: '%-j', 2: '%j', 3: '%j' },
  H: { 1: '%-H', 2: '%H' },
  k: { 1: '%-H', 2: '%H' },
  h: { 1: '%-I', 2: '%I' },
  K: { 1: '%-I', 2: '%I' },
  m: { 1: '%-M', 2: '%M' },
  s: { 1: '%-S', 2: '%S' },
  S: { 1: '%g', 2: '%g', 3: '%g', 4: '%f', 5: '%f', 6: '%f', 9: '%n' },
  a: { 1: '%p' },
  E: { 1: '%a', 2: '%a', 3: '%a', 4: '%A' },
  z: { 1: '%Z', 2: '%Z', 3: '%Z', 4: '%Z' },
  Z: { 1: '%z', 2: '%z', 3: '%z' },
  X: { 1: '%z', 2: '%z', 3: '%z' },
  x: { 1: '%z', 2: '%z', 3: '%z' },
};

/**
 * A Spark (java.time) datetime pattern as a DuckDB strftime/strptime format (the same table as the Python
 * layer's `_patterns.py`).
 * @example toStrftime("dd/MM/yyyy HH:mm:ss") // '%d/%m/%Y %H:%M:%S'
 */
export function toStrftime(pattern: string): string {
  let out = '';
  let i = 0;
  while (i < pattern.length) {
    const ch = pattern[i] as string;
    if (ch === "'") {
      const end = pattern.indexOf("'", i + 1);
      if (end === i + 1) {
        out += "'";
        i += 2;
        continue;
      }
      const stop = end < 0 ? pattern.length : end;
      out += pattern.slice(i + 1, stop).replaceAll('%', '%%');
      i = stop + 1;
      continue;
    }
    if (/[A-Za-z]/.test(ch)) {
      let j = i;
      while (j < pattern.length && pattern[j] === ch) j++;
      const table = LETTERS[ch];
      if (!table) throw notSupported(`datetime pattern letter '${ch}' in '${pattern}'`);
      const counts = Object.keys(table).map(Number);
      const count = j - i;
      const best = table[count] ?? table[Math.max(...counts.filter((c) => c <= count), Math.min(...counts))];
      out += best ?? '';
      i = j;
      continue;
    }
    out += ch === '%' ? '%%' : ch;
    i++;
  }
  return out;
}
