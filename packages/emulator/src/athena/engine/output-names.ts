/**
 * Result column names as Trino gives them: an alias as written (Athena results show quoted aliases such as
 * "US President 2020 - REP" verbatim), a column's own name (lower case, as the catalog keeps it); `_colN` for
 * any other expression and for VALUES. Undefined when the names depend on expansion (`*`), in which case
 * DuckDB's names (the table's column names) are used.
 */
import { isObject, type Json, type JsonObject, stringConstant } from './ast.js';

export function outputNames(tree: JsonObject): string[] | undefined {
  const statements = tree['statements'];
  const first = Array.isArray(statements) ? statements[0] : undefined;
  return isObject(first) ? nodeNames(first['node']) : undefined;
}

function nodeNames(node: Json | undefined): string[] | undefined {
  if (!isObject(node)) return undefined;
  if (node['type'] === 'SET_OPERATION_NODE') return nodeNames(node['left']);
  if (node['type'] !== 'SELECT_NODE') return undefined;
  const list = node['select_list'];
  if (!Array.isArray(list)) return undefined;
  const from = node['from_table'];
  if (isObject(from) && from['type'] === 'EXPRESSION_LIST' && list.length === 1 && isStar(list[0])) {
    const values = from['values'];
    const row = Array.isArray(values) ? values[0] : undefined;
    return Array.isArray(row) ? row.map((_, i) => `_col${i}`) : undefined;
  }
  if (list.some(isStar)) return undefined;
  return list.map((item, i) => {
    if (!isObject(item)) return `_col${i}`;
    if (typeof item['alias'] === 'string' && item['alias'] !== '') return item['alias'];
    if (item['class'] === 'COLUMN_REF' && Array.isArray(item['column_names'])) {
      const last = item['column_names'][item['column_names'].length - 1];
      if (typeof last === 'string') return last.toLowerCase();
    }
    return `_col${i}`;
  });
}

function isStar(item: Json | undefined): boolean {
  return isObject(item) && (item['class'] === 'STAR' || item['type'] === 'STAR' || item['type'] === 'COLUMNS');
}

/** Which result columns are a bare NULL literal (Trino types them `unknown`; DuckDB says INTEGER). */
export function nullColumns(tree: JsonObject): boolean[] {
  const statements = tree['statements'];
  const first = Array.isArray(statements) ? statements[0] : undefined;
  const node = isObject(first) ? first['node'] : undefined;
  if (!isObject(node) || node['type'] !== 'SELECT_NODE') return [];
  const list = node['select_list'];
  if (!Array.isArray(list) || list.some(isStar)) return [];
  return list.map((item) => {
    if (!isObject(item) || item['class'] !== 'CONSTANT') return false;
    const value = item['value'];
    return isObject(value) && value['is_null'] === true;
  });
}

/** The zone a result column of TIMESTAMP WITH TIME ZONE is shown in: DuckDB's zone name and Trino's label. */
export interface OutputZone {
  /** The zone DuckDB converts to (an IANA name, or `Etc/GMT∓H` for a whole-hour offset). */
  duck: string;
  /** As Trino prints it after the time: `UTC`, `America/New_York`, `+02:00`. */
  label: string;
}

/**
 * DuckDB keeps no zone in a TIMESTAMP WITH TIME ZONE value (an instant), Trino does. Where a result column's
 * zone is visible in the query — `x AT TIME ZONE 'zone'`, `at_timezone(x, 'zone')`, `with_timezone(x, 'zone')`,
 * `from_iso8601_timestamp('...+02:00')` at the top of the select list — the column is shown in that zone;
 * any other is shown in UTC, the session zone.
 */
export function outputZones(tree: JsonObject): (OutputZone | undefined)[] {
  const statements = tree['statements'];
  const first = Array.isArray(statements) ? statements[0] : undefined;
  const node = isObject(first) ? first['node'] : undefined;
  if (!isObject(node) || node['type'] !== 'SELECT_NODE') return [];
  const list = node['select_list'];
  if (!Array.isArray(list) || list.some(isStar)) return [];
  return list.map((item) => (isObject(item) ? expressionZone(item) : undefined));
}

function expressionZone(item: JsonObject): OutputZone | undefined {
  if (item['class'] !== 'FUNCTION') return undefined;
  const name = String(item['function_name'] ?? '').toLowerCase();
  const args = Array.isArray(item['children']) ? item['children'] : [];
  if (name === 'timezone' && args.length === 2) return zoneNamed(stringConstant(args[0]));
  if ((name === 'at_timezone' || name === 'with_timezone') && args.length === 2) {
    return zoneNamed(stringConstant(args[1]));
  }
  if (name === 'from_iso8601_timestamp' && args.length === 1) {
    const text = stringConstant(args[0]);
    if (text === undefined) return undefined;
    const offset = /([+-])(\d{2}):?(\d{2})$/.exec(text);
    if (offset && /T/i.test(text)) return zoneNamed(`${offset[1]}${offset[2]}:${offset[3]}`);
    return /Z$/i.test(text) ? zoneNamed('UTC') : undefined;
  }
  return undefined;
}

/** A zone as written in the query, or undefined when lakebox cannot show values in it. */
export function zoneNamed(text: string | undefined): OutputZone | undefined {
  if (text === undefined) return undefined;
  const offset = /^([+-])(\d{2}):(\d{2})$/.exec(text.trim());
  if (offset) {
    const hours = Number(offset[2]);
    if (offset[3] !== '00') return undefined;
    if (hours === 0) return { duck: 'UTC', label: text.trim() };
    return { duck: `Etc/GMT${offset[1] === '+' ? '-' : '+'}${hours}`, label: text.trim() };
  }
  if (/^(utc|z)$/i.test(text)) return { duck: 'UTC', label: 'UTC' };
  let label = text;
  try {
    const canonical = new Intl.DateTimeFormat('en-US', { timeZone: text }).resolvedOptions().timeZone;
    if (canonical.toLowerCase() === text.toLowerCase()) label = canonical;
  } catch {
    // Not a zone Node knows: DuckDB names the problem when it converts.
  }
  return { duck: text, label };
}
