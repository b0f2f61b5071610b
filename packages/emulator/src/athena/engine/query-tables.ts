/**
 * The catalog tables a query reads, each bound to a temporary view (on the query's own connection) over
 * the files it needs. Views are built per query from the catalog as it is now, so catalog changes
 * between queries are always seen; only Parquet footers are cached, keyed by file path and ETag.
 * Athena views (VIRTUAL_VIEW) are expanded the same way, recursively, in the view's own database.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Lakebox } from '../../context.js';
import { deparse, type JsonObject, parseSelect } from './ast.js';
import { DEFAULT_CATALOG, type ResolvedTable, registeredPartitions, resolveTable } from './catalog.js';
import { lineColumn, userError } from './errors.js';
import { duckType, quoteIdent } from './hive-types.js';
import { informationSchemaSql } from './information-schema.js';
import { prestoView } from './presto-view.js';
import { prunePartitions } from './pruning.js';
import { bindTable, rewriteTree, type TableReference } from './rewrite.js';
import type { DataFile } from './table-files.js';
import { fileList, tableSource } from './table-source.js';

/** Columns of file sets (see `DescribeFiles`), keyed by reader and the files' paths and ETags. */
export type ParquetSchemaCache = Map<string, ReadonlyMap<string, { name: string; type: string }>>;

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
): Promise<number> {
  return new Binder(conn, lakebox, cache).bind(q, sqlText, tree, 0);
}

class Binder {
  private next = 0;

  constructor(
    private readonly conn: DuckDBConnection,
    private readonly lakebox: Lakebox,
    private readonly cache: ParquetSchemaCache,
  ) {}

  async bind(q: QueryScope, sqlText: string, tree: JsonObject, depth: number): Promise<number> {
    let bytes = 0;
    for (const ref of rewriteTree(sqlText, tree)) {
      const view = `lb_t${this.next++}`;
      bytes += await this.bindReference(q, sqlText, ref, view, depth);
      bindTable(ref, view);
    }
    return bytes;
  }

  private async bindReference(
    q: QueryScope,
    sqlText: string,
    ref: TableReference,
    view: string,
    depth: number,
  ): Promise<number> {
    const scope = { account: q.account, region: q.region };
    if (ref.schema === 'information_schema' && (ref.catalog === '' || ref.catalog === DEFAULT_CATALOG)) {
      const sql = informationSchemaSql(this.lakebox.db, scope, ref.table);
      if (sql === undefined) {
        const at = ref.at === undefined ? undefined : lineColumn(sqlText, ref.at);
        const name = `${DEFAULT_CATALOG}.information_schema.${ref.table}`;
        throw userError('TABLE_NOT_FOUND', `Table '${name}' does not exist`, at);
      }
      await this.createView(view, sql);
      return 0;
    }
    const resolved = resolveTable(this.lakebox.db, scope, ref, { catalog: q.catalog, database: q.database }, sqlText);
    if (resolved.table.TableType === 'VIRTUAL_VIEW') return this.bindView(q, resolved, view, depth);
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
    const source = await tableSource(this.lakebox, describe, qualified, resolved.table, partitions);
    await this.createView(view, source.sql);
    return source.bytes;
  }

  /** An Athena view: its SQL, bound in the view's own catalog and database, with the view's column names. */
  private async bindView(q: QueryScope, resolved: ResolvedTable, view: string, depth: number): Promise<number> {
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
    await this.createView(view, `SELECT * FROM (${sql}) AS lb_view${names.length > 0 ? `(${names.join(', ')})` : ''}`);
    return bytes;
  }

  private async createView(view: string, sql: string): Promise<void> {
    await this.conn.run(`CREATE TEMP VIEW ${quoteIdent(view)} AS ${sql}`);
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
