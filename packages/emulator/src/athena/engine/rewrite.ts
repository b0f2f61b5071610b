/**
 * Edits a parsed query (see `ast.ts`) into DuckDB terms with Trino meaning:
 * - every table reference that is not a CTE is collected, to be resolved against the Glue catalog and
 *   pointed at a per-query view (`bindTable`);
 * - table functions other than UNNEST are refused (they would read files: read_csv, glob, ...);
 * - `/` and `%` become Trino's truncating, zero-checking versions; decimal literals (`1.5`) are doubles;
 * - Trino functions are renamed to DuckDB functions or lakebox macros (`functions.ts`), with literal
 *   date format strings translated.
 */
import { isObject, type Json, type JsonObject, location, stringConstant } from './ast.js';
import { lineColumn, userError } from './errors.js';
import { FORMAT_ARGUMENT, jodaFormat, mysqlFormat, RENAMES } from './functions.js';
import { zoneNamed } from './output-names.js';
import { tokenize } from './tokens.js';

export interface TableReference {
  /** As written, lower case; '' when not written. */
  catalog: string;
  schema: string;
  table: string;
  /** Offset in the SQL text, when DuckDB knows it. */
  at: number | undefined;
  /**
   * For partition pruning: the WHERE clause of the SELECT whose FROM is this table, or a join tree this
   * table is a direct member of (then only column references qualified with its name count).
   */
  where: PruningClause | undefined;
  /** The syntax node, edited by `bindTable`. */
  node: JsonObject;
}

export interface PruningClause {
  clause: JsonObject;
  /** The table is one side of a join: an unqualified column may belong to another table. */
  qualifiedOnly: boolean;
}

const ALLOWED_TABLE_FUNCTIONS = new Set(['unnest']);

/** Rewrite the tree in place and return its table references, in query order. */
export function rewriteTree(sql: string, tree: JsonObject): TableReference[] {
  const refs: TableReference[] = [];
  const statements = tree['statements'];
  if (Array.isArray(statements)) {
    statements.forEach((s, i) => {
      statements[i] = visit(s, new Set(), undefined, refs, sql);
    });
  }
  return refs;
}

/** Point a table reference at a view, keeping the name the query uses for it as its alias. */
export function bindTable(ref: TableReference, view: string): void {
  const alias = typeof ref.node['alias'] === 'string' && ref.node['alias'] !== '' ? ref.node['alias'] : ref.table;
  ref.node['catalog_name'] = '';
  ref.node['schema_name'] = '';
  ref.node['table_name'] = view;
  ref.node['alias'] = alias;
}

/**
 * Replace a bound table reference (see `bindTable`) by its source, a parsed SELECT statement (`parseSource`),
 * as a subquery under the same alias, column aliases and sample.
 */
export function inlineTable(ref: TableReference, statement: JsonObject): void {
  const node = ref.node;
  const replacement: JsonObject = {
    type: 'SUBQUERY',
    alias: node['alias'] ?? '',
    sample: node['sample'] ?? null,
    query_location: node['query_location'] ?? null,
    subquery: statement,
    column_name_alias: node['column_name_alias'] ?? [],
  };
  for (const key of Object.keys(node)) delete node[key];
  Object.assign(node, replacement);
}

function visit(
  node: Json,
  ctes: ReadonlySet<string>,
  where: PruningClause | undefined,
  refs: TableReference[],
  sql: string,
): Json {
  if (Array.isArray(node)) return node.map((n) => visit(n, ctes, undefined, refs, sql));
  if (!isObject(node)) return node;

  let scope = ctes;
  const cteMap = node['cte_map'];
  if (isObject(cteMap) && Array.isArray(cteMap['map']) && cteMap['map'].length > 0) {
    const names = new Set(ctes);
    for (const entry of cteMap['map']) {
      if (isObject(entry) && typeof entry['key'] === 'string') names.add(entry['key'].toLowerCase());
    }
    scope = names;
  }

  if (node['type'] === 'BASE_TABLE') {
    const ref = tableReference(node, where);
    if (!(ref.catalog === '' && ref.schema === '' && scope.has(ref.table))) refs.push(ref);
    return node;
  }
  if (node['type'] === 'TABLE_FUNCTION') {
    const fn = node['function'];
    const name = isObject(fn) && typeof fn['function_name'] === 'string' ? fn['function_name'].toLowerCase() : '';
    if (!ALLOWED_TABLE_FUNCTIONS.has(name)) {
      const at = isObject(fn) ? location(fn) : undefined;
      throw userError(
        'NOT_SUPPORTED',
        `Table function '${name}' is not supported`,
        at === undefined ? undefined : lineColumn(sql, at),
      );
    }
  }
  if (node['class'] === 'CONSTANT') return literal(node);
  // Trino's date_add/date_trunc keep a DATE a DATE; DuckDB's give a timestamp. When the argument is
  // visibly a date (a DATE literal or cast, current_date, date(...)), the result is cast back.
  const keepsDate = node['class'] === 'FUNCTION' && returnsDate(node);
  if (node['class'] === 'FUNCTION') renameFunction(node);
  if (node['class'] === 'CAST') decimalCast(node, sql);

  const whereClause = node['where_clause'];
  const isJoin = node['type'] === 'JOIN';
  for (const [key, value] of Object.entries(node)) {
    let pass: PruningClause | undefined;
    if (node['type'] === 'SELECT_NODE' && key === 'from_table' && isObject(whereClause)) {
      pass = { clause: whereClause, qualifiedOnly: false };
    } else if (isJoin && where && (key === 'left' || key === 'right')) {
      // A WHERE comparison on one table's column rejects rows where it is NULL, so pruning that table's
      // partitions removes only rows the WHERE removes, whatever the join type.
      pass = { clause: where.clause, qualifiedOnly: true };
    }
    node[key] = visit(value, scope, pass, refs, sql);
  }
  return keepsDate ? castTo(node, 'DATE') : node;
}

const DATE_FUNCTIONS = new Set(['date', 'from_iso8601_date', 'last_day_of_month']);

/** Whether an expression is visibly a DATE before binding (column types are not known here). */
function isDate(node: Json | undefined): boolean {
  if (!isObject(node)) return false;
  if (node['class'] === 'CAST') return isObject(node['cast_type']) && node['cast_type']['id'] === 'DATE';
  if (node['class'] === 'COLUMN_REF') {
    const names = node['column_names'];
    return Array.isArray(names) && names.length === 1 && String(names[0]).toLowerCase() === 'current_date';
  }
  if (node['class'] === 'FUNCTION') {
    const name = String(node['function_name'] ?? '').toLowerCase();
    return DATE_FUNCTIONS.has(name) || returnsDate(node);
  }
  return false;
}

/** date_add(unit, n, date) and date_trunc(unit, date) on a visible DATE. */
function returnsDate(node: JsonObject): boolean {
  const name = String(node['function_name'] ?? '').toLowerCase();
  const args = node['children'];
  if (!Array.isArray(args)) return false;
  if (name === 'date_add' && args.length === 3) return isDate(args[2]);
  if (name === 'date_trunc' && args.length === 2) return isDate(args[1]);
  return false;
}

export function castTo(node: JsonObject, id: string): JsonObject {
  const alias = node['alias'] ?? '';
  return {
    class: 'CAST',
    type: 'OPERATOR_CAST',
    alias,
    query_location: node['query_location'] ?? null,
    child: { ...node, alias: '' },
    cast_type: { id, type_info: null },
    try_cast: false,
  };
}

function tableReference(node: JsonObject, where: PruningClause | undefined): TableReference {
  const text = (k: string) => (typeof node[k] === 'string' ? (node[k] as string).toLowerCase() : '');
  return {
    catalog: text('catalog_name'),
    schema: text('schema_name'),
    table: text('table_name'),
    at: location(node),
    where,
    node,
  };
}

/**
 * Trino reads `1.5` as a double (DuckDB: DECIMAL(2,1)). Double constants are re-expressed as a cast of
 * their text: DuckDB serializes the double 1.0 as the JSON integer 1, which its deserializer rejects.
 */
function literal(node: JsonObject): Json {
  const value = node['value'];
  const type = isObject(value) ? value['type'] : undefined;
  if (!isObject(value) || !isObject(type)) return node;
  if (type['id'] === 'DECIMAL') return castToDouble(node, { ...node, alias: '' });
  if (type['id'] === 'DOUBLE' || type['id'] === 'FLOAT') {
    const text = String(value['value']);
    const child: JsonObject = {
      ...node,
      alias: '',
      value: { type: { id: 'VARCHAR', type_info: null }, is_null: false, value: text },
    };
    return castToDouble(node, child);
  }
  return node;
}

function castToDouble(node: JsonObject, child: JsonObject): JsonObject {
  return {
    class: 'CAST',
    type: 'OPERATOR_CAST',
    alias: node['alias'] ?? '',
    query_location: node['query_location'] ?? null,
    child,
    cast_type: { id: 'DOUBLE', type_info: null },
    try_cast: false,
  };
}

/**
 * `DECIMAL '12.30'` is decimal(4,2) in Trino and a bare `CAST(x AS DECIMAL)` is decimal(38,0); DuckDB's
 * parser makes both decimal(18,3), as it does an explicit `DECIMAL(18,3)`. A typed literal is the one cast
 * without a position; a bare cast is told apart by its text (DECIMAL right before the closing parenthesis).
 */
function decimalCast(node: JsonObject, sql: string): void {
  const type = node['cast_type'];
  if (!isObject(type) || type['id'] !== 'DECIMAL') return;
  const info = type['type_info'];
  if (!isObject(info) || info['width'] !== 18 || info['scale'] !== 3) return;
  const at = location(node);
  if (at !== undefined) {
    if (isBareDecimalCast(sql, at)) {
      info['width'] = 38;
      info['scale'] = 0;
    }
    return;
  }
  const text = stringConstant(node['child'])?.trim();
  const m = text === undefined ? null : /^[+-]?(\d*)(?:\.(\d*))?$/.exec(text);
  if (!m || !(m[1] || m[2])) return;
  const integral = (m[1] ?? '').replace(/^0+/, '');
  const scale = (m[2] ?? '').length;
  info['width'] = Math.max(1, integral.length + scale);
  info['scale'] = scale;
}

/** `CAST(... AS DECIMAL)` / `TRY_CAST(...)` starting at `at`, with no precision given. */
function isBareDecimalCast(sql: string, at: number): boolean {
  const tokens = tokenize(sql);
  const first = tokens.findIndex((t) => t.start === at);
  const keyword = tokens[first]?.text.toUpperCase();
  if ((keyword !== 'CAST' && keyword !== 'TRY_CAST') || tokens[first + 1]?.text !== '(') return false;
  let depth = 0;
  for (let k = first + 1; k < tokens.length; k++) {
    const text = tokens[k]?.text;
    if (text === '(') depth++;
    if (text === ')' && --depth === 0) return tokens[k - 1]?.text.toUpperCase() === 'DECIMAL';
  }
  return false;
}

/** Functions taking a zone name, and which argument it is. */
const ZONE_ARGUMENT = new Map([
  ['timezone', 0],
  ['at_timezone', 1],
  ['with_timezone', 1],
]);

function renameFunction(node: JsonObject): void {
  const name = typeof node['function_name'] === 'string' ? node['function_name'].toLowerCase() : '';
  // `x AT TIME ZONE z` comes out of the parser as main.timezone(z, x).
  const atTimeZone = name === 'timezone' && node['schema'] === 'main';
  if (node['schema'] !== '' && node['schema'] !== undefined && !atTimeZone) return;
  if (atTimeZone) node['schema'] = '';
  const args = node['children'];
  if (name === 'element_at' && Array.isArray(args) && args.length === 2) {
    // `a[k]` reads arrays and maps alike, and gives NULL past the end as element_at does.
    for (const key of Object.keys(node)) {
      if (!['alias', 'query_location', 'children'].includes(key)) delete node[key];
    }
    node['class'] = 'OPERATOR';
    node['type'] = 'ARRAY_EXTRACT';
    return;
  }
  const zoneArg = ZONE_ARGUMENT.get(name);
  if (zoneArg !== undefined && Array.isArray(args)) {
    // A whole-hour offset (`+02:00`) as a zone DuckDB knows (`Etc/GMT-2`).
    const zone = zoneNamed(stringConstant(args[zoneArg]));
    const arg = args[zoneArg];
    if (zone && isObject(arg) && isObject(arg['value'])) arg['value']['value'] = zone.duck;
  }
  if (name === '/' || name === '%') {
    const nested = name === '/' && Array.isArray(args) && args.some(containsDivision);
    node['function_name'] = name === '/' ? (nested ? 'lb_divide_nested' : 'lb_divide') : 'lb_modulo';
    node['is_operator'] = false;
    return;
  }
  const style = FORMAT_ARGUMENT[name];
  if (style) {
    const children = node['children'];
    const format = Array.isArray(children) ? stringConstant(children[1]) : undefined;
    const arg = Array.isArray(children) ? children[1] : undefined;
    if (format !== undefined && isObject(arg) && isObject(arg['value'])) {
      arg['value']['value'] = style === 'mysql' ? mysqlFormat(format) : jodaFormat(format);
    }
  }
  if (name === 'regexp_replace' && Array.isArray(args)) {
    // Java's `$1` is RE2's `\1`; a literal `$` is `\$` in Java and plain `$` in RE2.
    const replacement = args[2];
    const text = stringConstant(replacement);
    if (text !== undefined && isObject(replacement) && isObject(replacement['value'])) {
      replacement['value']['value'] = text.replace(/\\\$|\$(\d)|\\/g, (m, d: string | undefined) =>
        d !== undefined ? `\\${d}` : m === '\\$' ? '$' : '\\\\',
      );
    }
  }
  const target = RENAMES[name];
  if (target) node['function_name'] = target;
}

/** Whether an expression holds a division (before or after renaming). */
function containsDivision(node: Json): boolean {
  if (Array.isArray(node)) return node.some(containsDivision);
  if (!isObject(node)) return false;
  const name = node['function_name'];
  if (node['class'] === 'FUNCTION' && (name === '/' || name === 'lb_divide' || name === 'lb_divide_nested'))
    return true;
  return Object.values(node).some(containsDivision);
}
