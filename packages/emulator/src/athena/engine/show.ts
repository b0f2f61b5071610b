/**
 * SHOW statements, answered from the Glue catalog as Athena answers them (Hive-style output columns):
 * `SHOW DATABASES|SCHEMAS [LIKE 'p']` → database_name, `SHOW TABLES [IN db] [LIKE 'p']` → tab_name,
 * `SHOW COLUMNS IN [db.]t` → field, `SHOW PARTITIONS [db.]t` → partition. LIKE patterns are Athena's:
 * `*` matches any characters and `|` separates alternatives, case-insensitively.
 */
import { writeFileSync } from 'node:fs';
import type { ColumnInfo } from '@aws-sdk/client-athena';
import { VARCHAR } from '@duckdb/node-api';
import type { Lakebox } from '../../context.js';
import { registeredPartitions, resolveTable } from './catalog.js';
import { showDdl } from './ddl/show.js';
import { userError } from './errors.js';
import { columnInfo } from './results.js';
import { identifierName, type Token } from './tokens.js';

interface ShowQuery {
  sql: string;
  account: string;
  region: string;
  catalog: string;
  database: string | undefined;
  resultFile: string;
}

export function showStatement(
  lakebox: Lakebox,
  q: ShowQuery,
  tokens: readonly Token[],
): { columns: ColumnInfo[]; rowCount: number } {
  // SHOW CREATE TABLE/VIEW, SHOW VIEWS, SHOW TBLPROPERTIES: `ddl/show.ts`.
  const ddl = showDdl(lakebox, q, tokens);
  if (ddl) return ddl;
  const words = tokens.map((t) => (t.kind === 'word' ? t.text.toUpperCase() : t.text));
  const what = words[1] ?? '';
  const scope = { account: q.account, region: q.region };
  const like = likePattern(tokens);
  const db = lakebox.db;
  if (what === 'DATABASES' || what === 'SCHEMAS') {
    const names = db
      .prepare('SELECT name FROM glue_databases WHERE account = ? AND region = ? ORDER BY name')
      .pluck()
      .all(scope.account, scope.region) as string[];
    return write(q.resultFile, 'database_name', names.filter(like));
  }
  if (what === 'TABLES') {
    let database = q.database ?? 'default';
    if (words[2] === 'IN' || words[2] === 'FROM') {
      const t = tokens[3];
      database = (t && identifierName(t)) ?? database;
    }
    const names = db
      .prepare('SELECT name FROM glue_tables WHERE account = ? AND region = ? AND database_name = ? ORDER BY name')
      .pluck()
      .all(scope.account, scope.region, database.toLowerCase()) as string[];
    return write(q.resultFile, 'tab_name', names.filter(like));
  }
  if (what === 'COLUMNS' || what === 'PARTITIONS') {
    const start = what === 'COLUMNS' ? 3 : 2;
    const name = qualifiedName(tokens.slice(start));
    if (!name) throw userError('SYNTAX_ERROR', `mismatched input after SHOW ${what}`, { line: 1, column: 1 });
    const ref = { catalog: '', schema: name.schema, table: name.table, at: name.at };
    const resolved = resolveTable(db, scope, ref, { catalog: q.catalog, database: q.database }, q.sql);
    if (what === 'COLUMNS') {
      const cols = [...(resolved.table.StorageDescriptor?.Columns ?? []), ...(resolved.table.PartitionKeys ?? [])];
      return write(
        q.resultFile,
        'field',
        cols.map((c) => c.Name ?? ''),
      );
    }
    const keys = (resolved.table.PartitionKeys ?? []).map((k) => k.Name ?? '');
    if (keys.length === 0) {
      throw userError('GENERIC_USER_ERROR', `Table ${resolved.name} is not partitioned`);
    }
    const parts = registeredPartitions(db, scope, resolved.database, resolved.name).map((p) =>
      keys.map((k, i) => `${k}=${p.Values?.[i] ?? ''}`).join('/'),
    );
    return write(q.resultFile, 'partition', parts);
  }
  throw userError('NOT_SUPPORTED', `SHOW ${what} is not supported by lakebox yet`);
}

/**
 * `DESCRIBE [db.]table`: Hive's layout, one line per column (name, type and comment, each padded to 20
 * characters and separated by tabs), then a `# Partition Information` section for partition keys.
 * FIXME: the layout is Hive's; not yet compared with a real Athena DESCRIBE result.
 */
export function describeStatement(
  lakebox: Lakebox,
  q: ShowQuery,
  tokens: readonly Token[],
): { columns: ColumnInfo[]; rowCount: number } {
  let start = 1;
  while (['EXTENDED', 'FORMATTED'].includes((tokens[start]?.text ?? '').toUpperCase())) start++;
  const name = qualifiedName(tokens.slice(start));
  if (!name) throw userError('SYNTAX_ERROR', 'mismatched input after DESCRIBE', { line: 1, column: 1 });
  const scope = { account: q.account, region: q.region };
  const ref = { catalog: '', schema: name.schema, table: name.table, at: name.at };
  const { table } = resolveTable(lakebox.db, scope, ref, { catalog: q.catalog, database: q.database }, q.sql);
  const line = (a: string, b: string, c: string) => `${a.padEnd(20)}\t${b.padEnd(20)}\t${c.padEnd(20)}`;
  const column = (c: { Name?: string; Type?: string; Comment?: string }) =>
    line(c.Name ?? '', c.Type ?? '', c.Comment ?? '');
  const lines = [...(table.StorageDescriptor?.Columns ?? []), ...(table.PartitionKeys ?? [])].map(column);
  if ((table.PartitionKeys ?? []).length > 0) {
    lines.push('\t \t ', '# Partition Information\t \t ', line('# col_name', 'data_type', 'comment'), '\t \t ');
    lines.push(...(table.PartitionKeys ?? []).map(column));
  }
  return write(q.resultFile, 'col_name', lines);
}

function qualifiedName(tokens: readonly Token[]): { schema: string; table: string; at: number } | undefined {
  const first = tokens[0];
  const a = first && identifierName(first);
  if (!first || !a) return undefined;
  const third = tokens[2];
  if (tokens[1]?.text === '.' && third) {
    const b = identifierName(third);
    return b ? { schema: a, table: b, at: first.start } : undefined;
  }
  return { schema: '', table: a, at: first.start };
}

function likePattern(tokens: readonly Token[]): (name: string) => boolean {
  const i = tokens.findIndex((t) => t.kind === 'word' && t.text.toUpperCase() === 'LIKE');
  const literal = i >= 0 ? tokens[i + 1] : undefined;
  if (literal?.kind !== 'string') return () => true;
  const pattern = literal.text.slice(1, -1).replaceAll("''", "'");
  const alternatives = pattern.split('|').map((alt) =>
    alt
      .trim()
      .replace(/[.+?^${}()[\]\\]/g, '\\$&')
      .replaceAll('*', '.*'),
  );
  const re = new RegExp(`^(?:${alternatives.join('|')})$`, 'i');
  return (name) => re.test(name);
}

function write(file: string, column: string, values: readonly string[]): { columns: ColumnInfo[]; rowCount: number } {
  const quote = (s: string) => `"${s.replaceAll('"', '""')}"`;
  writeFileSync(file, [quote(column), ...values.map(quote)].map((l) => `${l}\n`).join(''));
  return { columns: [columnInfo(column, VARCHAR)], rowCount: values.length };
}
