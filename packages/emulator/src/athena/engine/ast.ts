/**
 * DuckDB's own parser, used through `json_serialize_sql`/`json_deserialize_sql`: the query becomes a JSON
 * syntax tree that `rewrite.ts` edits (table references, Trino functions, literals) and DuckDB turns back
 * into SQL. Nothing is ever rewritten by pattern over the raw text, so literals and quoted identifiers are
 * safe by construction.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { internalError, lineColumn, userError } from './errors.js';
import { quoteString } from './hive-types.js';
import { quoteKeywordIdentifiers } from './keyword-identifiers.js';
import { mismatchedInput } from './syntax-messages.js';
import { tokenize } from './tokens.js';
import { type Normalized, parenthesizeValues } from './values-lists.js';

export type Json = null | boolean | number | string | Json[] | JsonObject;
export interface JsonObject {
  [key: string]: Json;
}

/** DuckDB writes "no position" as 2^64-1; anything past JS's safe integers is no position. */
export function location(node: JsonObject): number | undefined {
  const at = node['query_location'];
  return typeof at === 'number' && at < Number.MAX_SAFE_INTEGER ? at : undefined;
}

/** JSON text with integers longer than 15 digits kept exact (as tagged strings), so nothing loses precision. */
function parseExact(text: string): Json {
  const safe = text.replace(/"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g, (m) =>
    /^-?\d{16,}$/.test(m) ? `"\\u0000bignum:${m}"` : m,
  );
  return JSON.parse(safe) as Json;
}

function stringifyExact(value: Json): string {
  return JSON.stringify(value).replace(/"\\u0000bignum:(-?\d+)"/g, '$1');
}

/** Parse one SELECT-like statement; a parse error becomes SYNTAX_ERROR at its line:column in `sql`. */
export async function parseSelect(conn: DuckDBConnection, sql: string): Promise<JsonObject> {
  const tokens = tokenize(sql);
  // DuckDB takes a trailing comma in a list (`SELECT a, FROM t`); Trino's grammar does not.
  const comma = tokens.findIndex(
    (t, i) =>
      t.text === ',' &&
      (tokens[i + 1] === undefined || tokens[i + 1]?.text === ')' || tokens[i + 1]?.text.toUpperCase() === 'FROM'),
  );
  if (comma >= 0) {
    const after = tokens[comma + 1];
    const at = after ? after.start : sql.length;
    throw userError('SYNTAX_ERROR', mismatchedInput(tokens, at), lineColumn(sql, at));
  }
  const normalized = normalize(sql);
  const reader = await conn.runAndReadAll(`SELECT CAST(json_serialize_sql(${quoteString(normalized.sql)}) AS VARCHAR)`);
  const text = reader.getRows()[0]?.[0];
  const tree = parseExact(typeof text === 'string' ? text : '{}');
  if (!isObject(tree)) throw userError('SYNTAX_ERROR', 'Unparseable query');
  if (tree['error'] === true) {
    const position = Number(tree['position'] ?? 0);
    const message = String(tree['error_message'] ?? 'syntax error');
    if (tree['error_type'] !== 'parser') {
      throw userError('NOT_SUPPORTED', message.replace(/^.*Error: /, ''));
    }
    let at = normalized.original(Number.isFinite(position) ? position : 0);
    if (/^SELECT clause without selection list/.test(message)) {
      // Reported at the SELECT: Trino reports the token after it.
      const select = tokens.findIndex((t) => t.start >= at && t.text.toUpperCase() === 'SELECT');
      at = tokens[select + 1]?.start ?? sql.length;
    }
    const trino = /^syntax error at (or near|end of input)|^SELECT clause without selection list/.test(message);
    throw userError('SYNTAX_ERROR', trino ? mismatchedInput(tokens, at) : message, lineColumn(sql, at));
  }
  const statements = tree['statements'];
  if (!Array.isArray(statements) || statements.length !== 1) {
    throw userError('SYNTAX_ERROR', 'Only one sql statement is allowed', { line: 1, column: 1 });
  }
  const first = statements[0];
  if (!isObject(first)) throw userError('SYNTAX_ERROR', 'Unparseable query');
  if (normalized.sql !== sql) remapLocations(tree, normalized.original);
  return tree;
}

/** Trino SQL as DuckDB's parser reads it: DuckDB-only keywords quoted where they are identifiers, VALUES lists parenthesized. */
function normalize(sql: string): Normalized {
  const quoted = quoteKeywordIdentifiers(sql, tokenize(sql));
  const values = parenthesizeValues(quoted.sql, tokenize(quoted.sql));
  if (quoted.sql === sql) return values;
  return { sql: values.sql, original: (offset) => quoted.original(values.original(offset)) };
}

/** Rewrite every `query_location` in a parsed tree through `original`. */
function remapLocations(node: Json, original: (offset: number) => number): void {
  if (Array.isArray(node)) {
    for (const n of node) remapLocations(n, original);
    return;
  }
  if (!isObject(node)) return;
  const at = location(node);
  if (at !== undefined) node['query_location'] = original(at);
  for (const value of Object.values(node)) remapLocations(value, original);
}

/**
 * The syntax tree of a SELECT lakebox wrote itself (a table's source), as a statement node to put in a
 * query's tree: parsing costs far less than binding a view over the table's files.
 */
export async function parseSource(conn: DuckDBConnection, sql: string): Promise<JsonObject> {
  const reader = await conn.runAndReadAll(`SELECT CAST(json_serialize_sql(${quoteString(sql)}) AS VARCHAR)`);
  const text = reader.getRows()[0]?.[0];
  const tree = parseExact(typeof text === 'string' ? text : '{}');
  const statements = isObject(tree) ? tree['statements'] : undefined;
  const first = Array.isArray(statements) ? statements[0] : undefined;
  if (!isObject(tree) || tree['error'] === true || !isObject(first)) {
    throw internalError(`cannot parse a table source: ${isObject(tree) ? String(tree['error_message']) : ''}`);
  }
  return first;
}

/** SQL text for an edited tree. */
export async function deparse(conn: DuckDBConnection, tree: JsonObject): Promise<string> {
  const reader = await conn.runAndReadAll(`SELECT json_deserialize_sql(${quoteString(stringifyExact(tree))}::JSON)`);
  const sql = reader.getRows()[0]?.[0];
  if (typeof sql !== 'string') throw userError('SYNTAX_ERROR', 'Unparseable query');
  return sql;
}

export function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The string value of a string constant node, if it is one. */
export function stringConstant(node: Json | undefined): string | undefined {
  if (!isObject(node) || node['class'] !== 'CONSTANT') return undefined;
  const value = node['value'];
  if (!isObject(value) || value['is_null'] === true) return undefined;
  const type = value['type'];
  if (!isObject(type) || type['id'] !== 'VARCHAR') return undefined;
  return typeof value['value'] === 'string' ? value['value'] : undefined;
}
