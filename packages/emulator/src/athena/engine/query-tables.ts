/**
 * The catalog tables a query reads, each replaced in the query's tree by a subquery over the files it
 * needs. Sources are built per query from the catalog as it is now, so catalog changes between queries
 * are always seen; only Parquet footers are cached, keyed by file path and ETag.
 * Athena views (VIRTUAL_VIEW) are expanded the same way, recursively, in the view's own database.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Lakebox } from '../../context.js';
import { deparse, type JsonObject, parseSelect, parseSource } from './ast.js';
import { DEFAULT_CATALOG, type ResolvedTable, registeredPartitions, resolveTable } from './catalog.js';
import { lineColumn, userError } from './errors.js';
import { excludeHiddenFromStars, referencesHiddenColumns } from './hidden-columns.js';
import { duckType, quoteIdent } from './hive-types.js';
import { informationSchemaSql } from './information-schema.js';
import { prestoView } from './presto-view.js';
import { prunePartitions } from './pruning.js';
import { bindTable, inlineTable, rewriteTree, type TableReference } from './rewrite.js';
import type { DataFile } from './table-files.js';
import { fileList, tableSource } from './table-source.js';

/** Columns of file sets (see `DescribeFiles`), keyed by reader and the files' paths and ETags. */
export type ParquetSchemaCache = Map<string, ReadonlyMap<string, { name: string; type: string }>>;

/**
 * Parsed table sources by their SQL text (a pure function of it). A cached statement is shared by the
 * queries that read the same files; it is never edited once inlined (only deparsed).
 */
export type SourceTreeCache = Map<string, JsonObject>;

const SOURCE_CACHE_LIMIT = 64;

export interface QueryScope {
  account: string;
  region: string;
  catalog: string;
  database: string | undefined;
}

const CACHE_LIMIT = 10_000;
const MAX_VIEW_DEPTH = 16;

/** Rewrite `tree` in place and bind its tables; returns the bytes of the files the query reads. */
export async function bindCatalogTables(
  conn: DuckDBConnection,
  lakebox: Lakebox,
  q: QueryScope,
  sqlText: string,
  tree: JsonObject,
  cache: ParquetSchemaCache,
  sources: SourceTreeCache,
): Promise<number> {
  return new Binder(conn, lakebox, cache, sources).bind(q, sqlText, tree, 0);
}

class Binder {
  private next = 0;

  constructor(
    private readonly conn: DuckDBConnection,
    private readonly lakebox: Lakebox,
    private readonly cache: ParquetSchemaCache,
    private readonly sources: SourceTreeCache,
  ) {}

  private async parsedSource(sql: string): Promise<JsonObject> {
    const hit = this.sources.get(sql);
    if (hit) {
      this.sources.delete(sql);
      this.sources.set(sql, hit);
      return hit;
    }
    const parsed = await parseSource(this.conn, sql);
    this.sources.set(sql, parsed);
    for (const oldest of this.sources.keys()) {
      if (this.sources.size <= SOURCE_CACHE_LIMIT) break;
      this.sources.delete(oldest);
    }
    return parsed;
  }

  async bind(q: QueryScope, sqlText: string, tree: JsonObject, depth: number): Promise<number> {
    let bytes = 0;
    const hidden = referencesHiddenColumns(sqlText);
    const withHidden = new Set<string>();
    const sources: Array<{ ref: TableReference; sql: string }> = [];
    for (const ref of rewriteTree(sqlText, tree)) {
      const name = `lb_t${this.next++}`;
      const bound = await this.bindReference(q, sqlText, ref, depth, hidden);
      bytes += bound.bytes;
      if (bound.hidden) withHidden.add(name);
      bindTable(ref, name);
      sources.push({ ref, sql: bound.sql });
    }
    if (withHidden.size > 0) excludeHiddenFromStars(tree, withHidden);
    // Each table becomes a subquery in the tree rather than a view: a view would be bound once more.
    for (const { ref, sql } of sources) inlineTable(ref, await this.parsedSource(sql));
    return bytes;
  }

  private async bindReference(
    q: QueryScope,
    sqlText: string,
    ref: TableReference,
    depth: number,
    hidden: boolean,
  ): Promise<{ sql: string; bytes: number; hidden: boolean }> {
    const scope = { account: q.account, region: q.region };
    if (ref.schema === 'information_schema' && (ref.catalog === '' || ref.catalog === DEFAULT_CATALOG)) {
      const sql = informationSchemaSql(this.lakebox.db, scope, ref.table);
      if (sql === undefined) {
        const at = ref.at === undefined ? undefined : lineColumn(sqlText, ref.at);
        const name = `${DEFAULT_CATALOG}.information_schema.${ref.table}`;
        throw userError('TABLE_NOT_FOUND', `Table '${name}' does not exist`, at);
      }
      return { sql, bytes: 0, hidden: false };
    }
    const resolved = resolveTable(this.lakebox.db, scope, ref, { catalog: q.catalog, database: q.database }, sqlText);
    if (resolved.table.TableType === 'VIRTUAL_VIEW')
      return { ...(await this.bindView(q, resolved, depth)), hidden: false };
    const keys = (resolved.table.PartitionKeys ?? []).map((k) => ({
      name: (k.Name ?? '').toLowerCase(),
      type: duckType(k.Type ?? 'string'),
    }));
    let partitions =
      keys.length > 0 ? registeredPartitions(this.lakebox.db, scope, resolved.database, resolved.name) : [];
    if (keys.length > 0) {
      const alias = typeof ref.node['alias'] === 'string' ? ref.node['alias'].toLowerCase() : '';
      partitions = prunePartitions(ref.where, keys, new Set([alias || resolved.name]), partitions);
    }
    const qualified = `${DEFAULT_CATALOG}.${resolved.database}.${resolved.name}`;
    const describe = (reader: 'parquet' | 'json', files: readonly DataFile[]) => this.describeFiles(reader, files);
    const source = await tableSource(this.lakebox, describe, qualified, resolved.table, partitions, hidden);
    return { sql: source.sql, bytes: source.bytes, hidden };
  }

  /** An Athena view: its SQL, bound in the view's own catalog and database, with the view's column names. */
  private async bindView(
    q: QueryScope,
    resolved: ResolvedTable,
    depth: number,
  ): Promise<{ sql: string; bytes: number }> {
    const qualified = `${DEFAULT_CATALOG}.${resolved.database}.${resolved.name}`;
    if (depth >= MAX_VIEW_DEPTH) {
      throw userError('NOT_SUPPORTED', `View '${qualified}' is nested too deeply (or refers to itself)`);
    }
    const definition = prestoView(resolved.table, qualified);
    const tree = await parseSelect(this.conn, definition.originalSql);
    const inner: QueryScope = {
      ...q,
      catalog: definition.catalog ?? q.catalog,
      database: definition.schema ?? resolved.database,
    };
    const bytes = await this.bind(inner, definition.originalSql, tree, depth + 1);
    const sql = await deparse(this.conn, tree);
    const names = definition.columns.map((c) => quoteIdent(c.toLowerCase()));
    return { sql: `SELECT * FROM (${sql}) AS lb_view${names.length > 0 ? `(${names.join(', ')})` : ''}`, bytes };
  }

  private async describeFiles(
    reader: 'parquet' | 'json',
    files: readonly DataFile[],
  ): Promise<ReadonlyMap<string, { name: string; type: string }>> {
    const key = `${reader}\n${files.map((f) => `${f.path}\u0000${f.etag}`).join('\n')}`;
    const hit = this.cache.get(key);
    if (hit) return hit;
    const read =
      reader === 'parquet'
        ? `read_parquet(${fileList(files)}, union_by_name = true, hive_partitioning = false)`
        : `read_json(${fileList(files)}, format = 'newline_delimited', compression = 'auto_detect', union_by_name = true, hive_partitioning = false)`;
    const rows = (await this.conn.runAndReadAll(`DESCRIBE SELECT * FROM ${read}`)).getRows();
    const columns = new Map<string, { name: string; type: string }>();
    for (const row of rows) {
      const name = String(row[0]);
      if (!columns.has(name.toLowerCase())) columns.set(name.toLowerCase(), { name, type: String(row[1]) });
    }
    if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
    this.cache.set(key, columns);
    return columns;
  }
}
