/**
 * Result column names as Trino gives them: an alias as written (Athena results show quoted aliases such as
 * "US President 2020 - REP" verbatim), a column's own name (lower case, as the catalog keeps it); `_colN` for
 * any other expression and for VALUES. Undefined when the names depend on expansion (`*`), in which case
 * DuckDB's names (the table's column names) are used.
 */
import { isObject, type Json, type JsonObject } from './ast.js';

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
