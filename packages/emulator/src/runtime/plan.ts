/**
 * A DataFrame's plan as the Python layer sends it: one SELECT (DuckDB dialect, generated) naming its inputs
 * `lb_rel_N`, and those inputs (files, catalog tables, spark.sql text, temp views). It becomes one statement:
 * `WITH lb_rel_1 AS (...), ... <select>`. Only spark.sql text written by the user is parsed and rewritten
 * (catalog tables inlined, temp views bound, `/` made Spark's fractional division); generated SQL is used as is.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { isObject, type Json, type JsonObject, parseSource } from '../athena/engine/ast.js';
import { quoteIdent, quoteString } from '../athena/engine/hive-types.js';
import type { Lakebox } from '../context.js';
import { analysisError, notSupported, RuntimeFailure } from './errors.js';
import { type FilesRelation, filesSource, type Scope, type TableRelation, tableRelationSource } from './sources.js';
import { sparkCast, sparkFunction } from './spark-functions.js';

export interface SqlRelation {
  kind: 'sql';
  /** spark.sql text (Spark SQL; DuckDB parses it). */
  text: string;
  /** Temp view name (as the user wrote it) -> the relation holding its plan. */
  views: Record<string, string>;
}

export interface QueryRelation {
  kind: 'query';
  sql: string;
}

export type Relation = FilesRelation | TableRelation | SqlRelation | QueryRelation;

export interface Plan {
  sql: string;
  /** In dependency order: a relation only names relations before it. */
  relations: Record<string, Relation>;
  /** `expr()` texts (Spark SQL) by id; the SQL holds `__lb_expr_<id>__` where each goes, once rewritten. */
  expressions?: Record<string, string>;
}

const RELATION_NAME = /^lb_rel_\d+$/;

/** The plan as one DuckDB statement. */
export async function planSql(lakebox: Lakebox, conn: DuckDBConnection, scope: Scope, plan: Plan): Promise<string> {
  if (typeof plan?.sql !== 'string') throw new RuntimeFailure('IllegalArgumentException', 'plan.sql is required');
  const ctes: string[] = [];
  for (const [name, rel] of Object.entries(plan.relations ?? {})) {
    if (!RELATION_NAME.test(name)) throw new RuntimeFailure('IllegalArgumentException', `bad relation name ${name}`);
    // Never materialized: a schema probe (LIMIT 0) must not read the data of a relation used twice.
    const body = await relationSql(lakebox, conn, scope, rel, ctes);
    ctes.push(`${quoteIdent(name)} AS NOT MATERIALIZED (${body})`);
  }
  const sql = ctes.length === 0 ? plan.sql : `WITH ${ctes.join(', ')} SELECT * FROM (${plan.sql}) AS lb_plan`;
  const texts = plan.expressions ?? {};
  const rewritten = new Map<string, string>();
  for (const [id, text] of Object.entries(texts)) rewritten.set(id, await sparkExpression(conn, text));
  const statement = sql.replace(/__lb_expr_(\d+)__/g, (marker, id: string) => {
    const expression = rewritten.get(id);
    if (expression === undefined) throw new RuntimeFailure('IllegalArgumentException', `no text for ${marker}`);
    return expression;
  });
  // The parts are put together as text: whatever they hold, the result must stay one statement.
  if ((await conn.extractStatements(statement)).count !== 1) {
    throw new RuntimeFailure('IllegalArgumentException', 'a plan must be exactly one SQL statement');
  }
  return statement;
}

/** One expr() text as DuckDB SQL, rewritten as spark.sql text is (it may not name tables). */
async function sparkExpression(conn: DuckDBConnection, text: string): Promise<string> {
  const statement = await parseSpark(conn, `SELECT ${text}`);
  const tables: JsonObject[] = [];
  visit(statement, new Set(), new Map(), tables, []);
  if (tables.length > 0) throw notSupported('table references inside expr()');
  const out = await deparseSpark(conn, { error: false, statements: [statement] });
  return out.replace(/^SELECT /, '');
}

async function relationSql(
  lakebox: Lakebox,
  conn: DuckDBConnection,
  scope: Scope,
  rel: Relation,
  ctes: readonly string[],
): Promise<string> {
  switch (rel.kind) {
    case 'files':
      return filesSource(lakebox, conn, rel);
    case 'table':
      return tableRelationSource(lakebox, conn, scope, rel.database.toLowerCase(), rel.table.toLowerCase());
    case 'query':
      return rel.sql;
    case 'sql':
      return sparkSql(lakebox, conn, scope, rel, ctes);
    default:
      throw new RuntimeFailure('IllegalArgumentException', 'unknown relation kind');
  }
}

/** spark.sql text with its temp views and catalog tables bound; one SELECT-like statement only. */
async function sparkSql(
  lakebox: Lakebox,
  conn: DuckDBConnection,
  scope: Scope,
  rel: SqlRelation,
  ctes: readonly string[],
): Promise<string> {
  const statement = await parseSpark(conn, rel.text);
  const views = new Map(Object.entries(rel.views ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  const tables: JsonObject[] = [];
  const divisions: Division[] = [];
  visit(statement, new Set(), views, tables, divisions);
  for (const node of tables) {
    const database = String(node['schema_name'] || 'default').toLowerCase();
    const table = String(node['table_name']).toLowerCase();
    if (node['catalog_name'] && String(node['catalog_name']).toLowerCase() !== 'spark_catalog') {
      throw analysisError(`Table or view not found: ${node['catalog_name']}.${database}.${table}`);
    }
    const source = await parseSource(conn, await tableRelationSource(lakebox, conn, scope, database, table));
    const replacement: JsonObject = {
      type: 'SUBQUERY',
      alias: (node['alias'] as string) || table,
      sample: node['sample'] ?? null,
      query_location: node['query_location'] ?? 0,
      subquery: source,
      column_name_alias: node['column_name_alias'] ?? [],
    };
    for (const key of Object.keys(node)) delete node[key];
    Object.assign(node, replacement);
  }
  // Innermost first (they were found outside in), so an outer division sees the type of an inner one.
  for (const division of divisions.reverse()) await typeDivision(conn, ctes, statement, division);
  return deparseSpark(conn, { error: false, statements: [statement] });
}

/** A `/` of spark.sql text, its operands (as the user wrote them) and the SELECT it belongs to. */
interface Division {
  node: JsonObject;
  left: Json;
  right: Json;
  select: JsonObject | undefined;
}

const INTEGRAL_PRECISION: Readonly<Record<string, number>> = { TINYINT: 3, SMALLINT: 5, INTEGER: 10, BIGINT: 20 };

/**
 * Spark's division for the operand types DuckDB binds: decimal (or integral with a decimal) operands give
 * Spark's decimal result (`decimalDivision`), a string operand is cast to double as Spark casts it. Operands
 * whose type cannot be found on their own (correlated, lateral aliases) keep the double division.
 */
async function typeDivision(
  conn: DuckDBConnection,
  ctes: readonly string[],
  statement: JsonObject,
  division: Division,
): Promise<void> {
  const { node, left, right, select } = division;
  if (!select || !isObject(left) || !isObject(right)) return;
  const leftType = await operandType(conn, ctes, statement, select, left);
  const rightType = leftType === undefined ? undefined : await operandType(conn, ctes, statement, select, right);
  if (leftType === undefined || rightType === undefined) return;
  const children = node['children'];
  if (!Array.isArray(children)) return;
  if (leftType === 'VARCHAR' || rightType === 'VARCHAR') {
    children[1] = tryCastDouble(right);
    return;
  }
  if (!leftType.startsWith('DECIMAL') && !rightType.startsWith('DECIMAL')) return;
  const l = decimalOperand(leftType, left);
  const r = decimalOperand(rightType, right);
  if (!l || !r) return;
  const text = decimalDivision('"__lb_left__"', '"__lb_right__"', l, r);
  const parsed = await parseSpark(conn, `SELECT ${text}`);
  const list = isObject(parsed['node']) ? parsed['node']['select_list'] : undefined;
  const replacement = Array.isArray(list) ? list[0] : undefined;
  if (!isObject(replacement)) return;
  substitute(replacement, { __lb_left__: left, __lb_right__: right });
  replacement['alias'] = node['alias'] ?? '';
  for (const key of Object.keys(node)) delete node[key];
  Object.assign(node, replacement);
}

async function operandType(
  conn: DuckDBConnection,
  ctes: readonly string[],
  statement: JsonObject,
  select: JsonObject,
  operand: JsonObject,
): Promise<string | undefined> {
  const probe: JsonObject = {
    ...structuredClone(select),
    select_list: [{ ...structuredClone(operand), alias: 'lb_probe' }],
    where_clause: null,
    group_expressions: [],
    group_sets: [],
    aggregate_handling: 'STANDARD_HANDLING',
    having: null,
    qualify: null,
    modifiers: [],
    sample: null,
  };
  try {
    const sql = await deparseSpark(conn, { error: false, statements: [{ ...statement, node: probe }] });
    const text = ctes.length === 0 ? sql : `WITH ${ctes.join(', ')} SELECT * FROM (${sql}) AS lb_probe_q`;
    const rows = (await conn.runAndReadAll(`DESCRIBE ${text}`)).getRows();
    const type = rows[0]?.[1];
    return typeof type === 'string' ? type.toUpperCase() : undefined;
  } catch {
    return undefined;
  }
}

/** (precision, scale) of a division operand in Spark's decimal arithmetic (an integer literal: its digits). */
function decimalOperand(type: string, node: JsonObject): [number, number] | undefined {
  const decimal = /^DECIMAL\((\d+),\s*(\d+)\)$/.exec(type);
  if (decimal) return [Number(decimal[1]), Number(decimal[2])];
  const precision = INTEGRAL_PRECISION[type];
  if (precision === undefined) return undefined;
  const value = node['class'] === 'CONSTANT' && isObject(node['value']) ? node['value']['value'] : undefined;
  if (typeof value === 'number' && Number.isInteger(value)) return [Math.max(1, String(Math.abs(value)).length), 0];
  return [precision, 0];
}

/**
 * Spark's decimal division (DecimalPrecision, allowPrecisionLoss): scale max(6, s1 + p2 + 1), precision
 * p1 - s1 + s2 + scale, over 38 the integral digits kept and the scale cut (not below min(scale, 6)); the value
 * rounded HALF_UP, NULL on division by zero or overflow. Exact on the unscaled integers where they fit in 38
 * digits (the same as the Python layer's `_decimal.py`).
 */
export function decimalDivision(left: string, right: string, l: [number, number], r: [number, number]): string {
  const [p1, s1] = l;
  const [p2, s2] = r;
  let scale = Math.max(6, s1 + p2 + 1);
  let precision = p1 - s1 + s2 + scale;
  if (precision > 38) {
    scale = Math.max(38 - (precision - scale), Math.min(scale, 6));
    precision = 38;
  }
  const a = `CAST(${left} AS DECIMAL(${p1},${s1}))`;
  const b = `CAST(${right} AS DECIMAL(${p2},${s2}))`;
  const target = `DECIMAL(${precision},${scale})`;
  const shift = scale - s1 + s2;
  const huge = (power: number): string => `CAST('1${'0'.repeat(power)}' AS HUGEINT)`;
  if (shift >= 0 && p1 + s1 <= 38 && p2 + s2 <= 38 && p1 + shift <= 38) {
    const n = `(CAST(${a} * ${huge(s1)} AS HUGEINT) * ${huge(shift)})`;
    const d = `CAST(${b} * ${huge(s2)} AS HUGEINT)`;
    const unit = `CAST('${scale === 0 ? '1' : `0.${'0'.repeat(scale - 1)}1`}' AS DECIMAL(${scale + 1},${scale}))`;
    return `TRY_CAST((CAST(lb_sp_hdiv(${n}, ${d}) AS DECIMAL(38,0)) * ${unit}) AS ${target})`;
  }
  return `TRY_CAST((TRY_CAST(${a} AS DOUBLE) / NULLIF(TRY_CAST(${b} AS DOUBLE), 0)) AS ${target})`;
}

function substitute(node: Json, operands: Readonly<Record<string, Json>>): void {
  if (Array.isArray(node)) {
    node.forEach((child, i) => {
      const name = columnName(child);
      if (name !== undefined && name in operands) node[i] = structuredClone(operands[name] as Json);
      else substitute(child, operands);
    });
    return;
  }
  if (!isObject(node)) return;
  for (const [key, child] of Object.entries(node)) {
    const name = columnName(child);
    if (name !== undefined && name in operands) node[key] = structuredClone(operands[name] as Json);
    else substitute(child, operands);
  }
}

function columnName(node: Json | undefined): string | undefined {
  if (!isObject(node) || node['class'] !== 'COLUMN_REF') return undefined;
  const names = node['column_names'];
  return Array.isArray(names) && names.length === 1 && typeof names[0] === 'string' ? names[0] : undefined;
}

function tryCastDouble(child: Json): JsonObject {
  return {
    class: 'CAST',
    type: 'OPERATOR_CAST',
    alias: '',
    query_location: 0,
    child,
    cast_type: { id: 'DOUBLE', type_info: null },
    try_cast: true,
  };
}

/** Spark SQL text (one SELECT-like statement) as DuckDB's syntax tree of that statement. */
async function parseSpark(conn: DuckDBConnection, text: string): Promise<JsonObject> {
  const serialized = (
    await conn.runAndReadAll(`SELECT CAST(json_serialize_sql(${quoteString(text)}) AS VARCHAR)`)
  ).getRows()[0]?.[0];
  // "No position" is 2^64-1, past JS's integers: positions only serve error messages, so they become 0.
  const json = (typeof serialized === 'string' ? serialized : '{}').replace(
    /"query_location":\d{16,}/g,
    '"query_location":0',
  );
  const tree = JSON.parse(json) as Json;
  if (!isObject(tree)) throw analysisError('cannot parse the query');
  if (tree['error'] === true) {
    const message = String(tree['error_message'] ?? 'syntax error');
    if (tree['error_type'] === 'parser') throw new RuntimeFailure('ParseException', message);
    const statement = text.trim().split(/\s+/, 2).join(' ').toUpperCase();
    throw notSupported(`spark.sql(${statement} ...): only queries run locally (${message.replace(/^.*Error: /, '')})`);
  }
  const statements = tree['statements'];
  const first = Array.isArray(statements) ? statements[0] : undefined;
  if (!Array.isArray(statements) || statements.length !== 1 || !isObject(first)) {
    throw new RuntimeFailure('ParseException', 'spark.sql takes exactly one statement');
  }
  return first;
}

async function deparseSpark(conn: DuckDBConnection, tree: JsonObject): Promise<string> {
  // Inlined sources come from `parseSource`, which keeps long integers as tagged strings: put them back.
  const serialized = JSON.stringify(tree).replace(/"\\u0000bignum:(-?\d+)"/g, '$1');
  const out = (
    await conn.runAndReadAll(`SELECT json_deserialize_sql(${quoteString(serialized)}::JSON)`)
  ).getRows()[0]?.[0];
  if (typeof out !== 'string') throw analysisError('cannot rewrite the query');
  return out;
}

const ALLOWED_TABLE_FUNCTIONS = new Set(['range', 'unnest', 'generate_series']);

function visit(
  node: Json,
  ctes: ReadonlySet<string>,
  views: ReadonlyMap<string, string>,
  tables: JsonObject[],
  divisions: Division[],
  select?: JsonObject,
): void {
  if (Array.isArray(node)) {
    for (const n of node) visit(n, ctes, views, tables, divisions, select);
    return;
  }
  if (!isObject(node)) return;
  const inSelect = node['type'] === 'SELECT_NODE' ? node : select;
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
    const name = String(node['table_name'] ?? '').toLowerCase();
    const qualified = Boolean(node['schema_name']) || Boolean(node['catalog_name']);
    if (!qualified && scope.has(name)) return;
    const view = qualified ? undefined : views.get(name);
    if (view !== undefined) {
      if (!node['alias']) node['alias'] = node['table_name'] ?? name;
      node['table_name'] = view;
      return;
    }
    tables.push(node);
    return;
  }
  if (node['type'] === 'TABLE_FUNCTION') {
    const fn = node['function'];
    const name = isObject(fn) ? String(fn['function_name'] ?? '').toLowerCase() : '';
    if (!ALLOWED_TABLE_FUNCTIONS.has(name)) throw notSupported(`the table function ${name} in spark.sql`);
  }
  if (node['class'] === 'FUNCTION') sparkFunction(node);
  if (node['class'] === 'CAST') {
    const replaced = sparkCast(node);
    if (replaced !== node) {
      const child = replaced['children'];
      for (const key of Object.keys(node)) delete node[key];
      Object.assign(node, replaced, { children: child });
    }
  }
  // Spark's `/` is fractional (DuckDB runs with integer division, its parser writes `/` as `//`).
  if (node['class'] === 'FUNCTION' && (node['function_name'] === '//' || node['function_name'] === '/')) {
    const children = node['children'];
    if (Array.isArray(children) && children.length === 2) {
      divisions.push({ node, left: children[0] ?? null, right: children[1] ?? null, select: inSelect });
      children[0] = {
        class: 'CAST',
        type: 'OPERATOR_CAST',
        alias: '',
        query_location: 0,
        child: children[0] ?? null,
        cast_type: { id: 'DOUBLE', type_info: null },
        try_cast: true,
      };
    }
  }
  // DuckDB serializes the double 1.0 as the JSON integer 1, which its deserializer rejects: use the text.
  if (node['class'] === 'CONSTANT') {
    const value = node['value'];
    const type = isObject(value) ? value['type'] : undefined;
    if (
      isObject(value) &&
      isObject(type) &&
      (type['id'] === 'DOUBLE' || type['id'] === 'FLOAT') &&
      value['is_null'] !== true
    ) {
      const replacement: JsonObject = {
        class: 'CAST',
        type: 'OPERATOR_CAST',
        alias: node['alias'] ?? '',
        query_location: node['query_location'] ?? 0,
        child: {
          class: 'CONSTANT',
          type: 'VALUE_CONSTANT',
          alias: '',
          query_location: 0,
          value: { type: { id: 'VARCHAR', type_info: null }, is_null: false, value: String(value['value']) },
        },
        cast_type: { id: type['id'], type_info: null },
        try_cast: false,
      };
      for (const key of Object.keys(node)) delete node[key];
      Object.assign(node, replacement);
      return;
    }
  }
  for (const value of Object.values(node)) visit(value, scope, views, tables, divisions, inSelect);
}
