/**
 * Trino's date_add keeps a DATE a DATE; DuckDB's `date + interval` gives a timestamp. `rewrite.ts` casts the
 * result back when the argument is visibly a date in the text (a DATE literal or cast, current_date, date(...));
 * this runs once the query's tables are resolved and column types are known, and follows DATE values through
 * names: a column the tables declare DATE, and an output name (of a CTE, subquery or select list) given only to
 * DATE expressions, so `WITH d AS (SELECT DATE '2024-01-31' AS day) SELECT date_add('month', 1, day) FROM d`
 * is a DATE too, as are expressions over dates (`coalesce`, `greatest`, `least`, `CASE`, nested date_add).
 *
 * Limits: names are not scoped (a name given to a DATE in one place and to something else in another, or
 * declared with another type by any table of the query, is not a date); column lists (`AS t(a, b)`) and a
 * view's outputs are not followed.
 */
import { isObject, type Json, type JsonObject } from './ast.js';
import { castTo } from './rewrite.js';

/** Functions (after renaming) whose result is a DATE whatever their arguments. */
const DATE_RESULTS = new Set(['lb_date', 'lb_from_iso8601_date', 'last_day_of_month', 'current_date', 'today']);
/** Functions and operators whose result is a DATE when every argument is one (NULLs aside). */
const SAME_TYPE = new Set([
  'coalesce',
  'greatest',
  'least',
  'nullif',
  'if',
  'min',
  'max',
  'any_value',
  'OPERATOR_COALESCE',
]);

/**
 * Cast `date_add(unit, n, d)` (renamed lb_date_add) back to DATE wherever `d` is known to be a DATE.
 * `columnTypes` maps each column name (lower case) of the query's tables to its DuckDB types ('?' unknown).
 */
export function keepDateColumns(tree: JsonObject, columnTypes: ReadonlyMap<string, ReadonlySet<string>>): void {
  const named = new Map<string, Json[]>();
  const listed = new Set<string>();
  collectNames(tree, named, listed);
  // Names given to dates, to a fixed point (a CTE may name another CTE's date). A name the tables declare DATE
  // starts as a date (`date_add('day', 1, d) AS d`), one they do not starts as unknown.
  const dateNames = new Set<string>();
  for (const name of named.keys()) {
    const types = columnTypes.get(name);
    if (!listed.has(name) && types?.size === 1 && types.has('DATE')) dateNames.add(name);
  }
  const isDateName = (name: string): boolean => {
    if (listed.has(name)) return false;
    const types = columnTypes.get(name);
    if (types && !(types.size === 1 && types.has('DATE'))) return false;
    return named.has(name) ? dateNames.has(name) : types !== undefined;
  };
  const isDateValue = (node: Json | undefined): boolean => isDate(node, isDateName);
  for (let round = 0, changed = true; changed && round < 16; round++) {
    changed = false;
    for (const [name, expressions] of named) {
      const date = !listed.has(name) && expressions.every(isDateValue);
      if (date !== dateNames.has(name)) {
        if (date) dateNames.add(name);
        else dateNames.delete(name);
        changed = true;
      }
    }
  }
  const visit = (node: Json): Json => {
    if (Array.isArray(node)) return node.map(visit);
    if (!isObject(node)) return node;
    for (const [key, value] of Object.entries(node)) node[key] = visit(value);
    if (isCastToDate(node) && isCastToDate(node['child'])) {
      // Already cast when the argument was visibly a date: once is enough.
      const inner = node['child'] as JsonObject;
      node['child'] = inner['child'] ?? null;
      return node;
    }
    const args = node['children'];
    const isDateAdd = node['class'] === 'FUNCTION' && node['function_name'] === 'lb_date_add';
    if (isDateAdd && Array.isArray(args) && args.length === 3 && isDateValue(args[2])) return castTo(node, 'DATE');
    return node;
  };
  const statements = tree['statements'];
  if (Array.isArray(statements)) {
    for (let i = 0; i < statements.length; i++) statements[i] = visit(statements[i] ?? null);
  }
}

function isCastToDate(node: Json | undefined): boolean {
  return (
    isObject(node) && node['class'] === 'CAST' && isObject(node['cast_type']) && node['cast_type']['id'] === 'DATE'
  );
}

function isNullConstant(node: Json | undefined): boolean {
  return isObject(node) && node['class'] === 'CONSTANT' && isObject(node['value']) && node['value']['is_null'] === true;
}

/** Whether an expression is a DATE, given which names are. */
function isDate(node: Json | undefined, isDateName: (name: string) => boolean): boolean {
  if (!isObject(node)) return false;
  if (isCastToDate(node)) return true;
  if (node['class'] === 'COLUMN_REF') {
    const names = node['column_names'];
    const last = Array.isArray(names) ? names[names.length - 1] : undefined;
    if (typeof last !== 'string') return false;
    if (Array.isArray(names) && names.length === 1 && last.toLowerCase() === 'current_date') return true;
    return isDateName(last.toLowerCase());
  }
  const args = Array.isArray(node['children']) ? node['children'] : [];
  const allDates = (values: Json[]) =>
    values.some((v) => !isNullConstant(v)) && values.every((v) => isNullConstant(v) || isDate(v, isDateName));
  if (node['class'] === 'FUNCTION') {
    const name = String(node['function_name'] ?? '').toLowerCase();
    if (DATE_RESULTS.has(name)) return true;
    if (name === 'lb_date_add' && args.length === 3) return isDate(args[2], isDateName);
    if (name === 'lb_date_trunc' && args.length === 2) return isDate(args[1], isDateName);
    if (name === 'if' && args.length >= 2) return allDates(args.slice(1));
    return SAME_TYPE.has(name) && name !== 'if' && allDates(args);
  }
  if (node['class'] === 'OPERATOR' && SAME_TYPE.has(String(node['type']))) return allDates(args);
  if (node['class'] === 'CASE') {
    const checks = Array.isArray(node['case_checks']) ? node['case_checks'] : [];
    const branches = checks.map((c) => (isObject(c) ? (c['then_expr'] ?? null) : null));
    return allDates([...branches, node['else_expr'] ?? null]);
  }
  return false;
}

/** Every expression given an output name (`AS name`), by name; and the names of column lists. */
function collectNames(node: Json, named: Map<string, Json[]>, listed: Set<string>): void {
  if (Array.isArray(node)) {
    for (const n of node) collectNames(n, named, listed);
    return;
  }
  if (!isObject(node)) return;
  if (typeof node['alias'] === 'string' && node['alias'] !== '' && node['class'] !== undefined) {
    const name = node['alias'].toLowerCase();
    named.set(name, [...(named.get(name) ?? []), node]);
  }
  const names = node['column_name_alias'];
  if (Array.isArray(names)) for (const n of names) if (typeof n === 'string') listed.add(n.toLowerCase());
  for (const value of Object.values(node)) collectNames(value, named, listed);
}
