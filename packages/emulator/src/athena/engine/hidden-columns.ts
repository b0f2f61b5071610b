/**
 * The Hive connector's hidden columns: `"$path"` (the S3 URI of the file a row comes from), `"$file_size"`
 * (bytes) and `"$file_modified_time"`. They are not part of `SELECT *`, and are materialised only for a query
 * (or view definition) that names one of them: its table views then carry the three columns at the end, and
 * every `*` over such a view excludes them.
 */
import { isObject, type Json } from './ast.js';
import { quoteIdent, quoteString } from './hive-types.js';
import type { DataFile } from './table-files.js';
import { identifierName, tokenize } from './tokens.js';

export const HIDDEN_COLUMNS = ['$path', '$file_size', '$file_modified_time'] as const;

/** The column a table's reader adds with each row's local file path (when hidden columns are wanted). */
export const FILE_COLUMN = 'lb_file';

const TYPES: Record<(typeof HIDDEN_COLUMNS)[number], string> = {
  $path: 'VARCHAR',
  $file_size: 'BIGINT',
  $file_modified_time: 'TIMESTAMPTZ',
};

/** Whether the SQL names a hidden column (they can only be written quoted). */
export function referencesHiddenColumns(sql: string): boolean {
  const names = new Set<string>(HIDDEN_COLUMNS);
  return tokenize(sql).some((t) => t.kind === 'quoted' && names.has(identifierName(t) ?? ''));
}

/** Hidden columns of an empty table: NULLs of their types. */
export function emptyHiddenColumns(): string[] {
  return HIDDEN_COLUMNS.map((c) => `CAST(NULL AS ${TYPES[c]}) AS ${quoteIdent(c)}`);
}

/**
 * `body` (rows with a `lb_file` column holding local file paths, one of `files`) with `lb_file` replaced by
 * the hidden columns of that file.
 */
export function withHiddenColumns(body: string, files: readonly DataFile[]): string {
  const rows = files.map(
    (f) =>
      `(${quoteString(f.path)}, ${quoteString(f.uri)}, CAST(${f.size} AS BIGINT), ` +
      `CAST(${quoteString(f.lastModified.toISOString())} AS TIMESTAMPTZ))`,
  );
  const names = [FILE_COLUMN, ...HIDDEN_COLUMNS].map(quoteIdent).join(', ');
  const hidden = HIDDEN_COLUMNS.map((c) => `lb_files.${quoteIdent(c)}`).join(', ');
  return (
    `SELECT lb_data.* EXCLUDE (${FILE_COLUMN}), ${hidden} FROM (${body}) AS lb_data ` +
    `JOIN (VALUES ${rows.join(', ')}) AS lb_files(${names}) ON lb_data.${FILE_COLUMN} = lb_files.${FILE_COLUMN}`
  );
}

/**
 * Keep hidden columns out of `*`: every `*` (or `t.*`) of a SELECT whose FROM reads one of `views` directly
 * (alone or in joins) excludes them. `views` are the view names table references were bound to.
 */
export function excludeHiddenFromStars(node: Json, views: ReadonlySet<string>): void {
  if (Array.isArray(node)) {
    for (const n of node) excludeHiddenFromStars(n, views);
    return;
  }
  if (!isObject(node)) return;
  if (node['type'] === 'SELECT_NODE') {
    const aliases = new Set<string>();
    collectAliases(node['from_table'], views, aliases);
    const list = node['select_list'];
    if (aliases.size > 0 && Array.isArray(list)) {
      for (const item of list) {
        if (!isObject(item) || item['class'] !== 'STAR' || item['columns'] === true) continue;
        const relation = typeof item['relation_name'] === 'string' ? item['relation_name'].toLowerCase() : '';
        if (relation !== '' && !aliases.has(relation)) continue;
        const exclude = Array.isArray(item['exclude_list']) ? item['exclude_list'] : [];
        item['exclude_list'] = [...exclude, ...HIDDEN_COLUMNS.filter((c) => !exclude.includes(c))];
      }
    }
  }
  for (const value of Object.values(node)) excludeHiddenFromStars(value, views);
}

/** Aliases of the views a FROM clause reads directly (through joins, not subqueries). */
function collectAliases(from: Json | undefined, views: ReadonlySet<string>, out: Set<string>): void {
  if (!isObject(from)) return;
  if (from['type'] === 'BASE_TABLE' && typeof from['table_name'] === 'string' && views.has(from['table_name'])) {
    out.add(typeof from['alias'] === 'string' ? from['alias'].toLowerCase() : from['table_name']);
  }
  if (from['type'] === 'JOIN') {
    collectAliases(from['left'], views, out);
    collectAliases(from['right'], views, out);
  }
}
