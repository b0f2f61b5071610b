/**
 * The catalog tables a query reads, each replaced in the query's tree by a subquery over the files it
 * needs, built from the catalog as it is now. Parquet footers are cached by file path and ETag; the whole
 * rewrite of a query, and each table's source, are reused while the catalog and the listed buckets are
 * unchanged (`prepared-queries.ts`), so catalog changes between queries are always seen.
 * Athena views (VIRTUAL_VIEW) are expanded the same way, recursively, in the view's own database.
 */
import { randomUUID } from 'node:crypto';
import type { Partition } from '@aws-sdk/client-glue';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Lakebox } from '../../context.js';
import { deparse, isObject, type Json, type JsonObject, parseSelect, parseSource } from './ast.js';
import { DEFAULT_CATALOG, type ResolvedTable, registeredPartitions, resolveTable } from './catalog.js';
import { keepDateColumns } from './date-columns.js';
import { internalError, lineColumn, userError } from './errors.js';
import { excludeHiddenFromStars, referencesHiddenColumns } from './hidden-columns.js';
import { duckType, quoteIdent } from './hive-types.js';
import { informationSchemaSql } from './information-schema.js';
import { dependOnNothingCached, VersionedCache } from './prepared-queries.js';
import { prestoView } from './presto-view.js';
import { isProjected, projectedPartitions } from './projection.js';
import { prunePartitions } from './pruning.js';
import { bindTable, inlineTable, rewriteTree, type TableReference } from './rewrite.js';
import type { DataFile } from './table-files.js';
import { emptyTableSource, type FileColumns, fileList, type TableSource, tableSource } from './table-source.js';

/** Columns of file sets (see `DescribeFiles`), keyed by reader and the files' paths and ETags. */
export type ParquetSchemaCache = Map<string, FileColumns>;

/**
 * Parsed statements by their SQL text (a pure function of it): the placeholder statement (`Bound`), cloned
 * before each use.
 */
export type SourceTreeCache = Map<string, JsonObject>;

const SOURCE_CACHE_LIMIT = 64;
/** Tables whose registered partitions are kept (a table may have tens of thousands). */
const PARTITION_CACHE_LIMIT = 16;

/**
 * What binding reuses across queries. `partitions` (a table's registered partitions) and `tables` (a table's
 * source for a given set of partitions: its files listed, its Parquet schemas checked, its SELECT built) are
 * valid while the change counters they were built from are unchanged (`prepared-queries.ts`), so a new query
 * over an unchanged table does not rebuild its source from the catalog.
 */
export interface BindCaches {
  parquetSchemas: ParquetSchemaCache;
  sourceTrees: SourceTreeCache;
  partitions: VersionedCache<Partition[]>;
  tables: VersionedCache<TableSource>;
}

/** Empty caches for an engine (`db` holds the change counters). */
export function bindCaches(db: Lakebox['db']): BindCaches & { clear(): void } {
  const caches = {
    parquetSchemas: new Map(),
    sourceTrees: new Map(),
    partitions: new VersionedCache<Partition[]>(db, PARTITION_CACHE_LIMIT),
    tables: new VersionedCache<TableSource>(db, SOURCE_CACHE_LIMIT),
    clear() {
      caches.parquetSchemas.clear();
      caches.sourceTrees.clear();
      caches.partitions.clear();
      caches.tables.clear();
    },
  };
  return caches;
}

export interface QueryScope {
  account: string;
  region: string;
  catalog: string;
  database: string | undefined;
}

const CACHE_LIMIT = 10_000;
const MAX_VIEW_DEPTH = 16;

/** A column of a table the query reads, with its DuckDB type (`?` when not known). */
interface DeclaredType {
  name: string;
  type: string;
}

/**
 * What binding left in the tree: each table's source is a placeholder (`SELECT '<token>'`) until `resolve`
 * puts the source's SQL text in its place in the deparsed query. A table over thousands of files has a
 * source of hundreds of kB; parsing it into the tree and deparsing it back cost DuckDB's JSON (de)serializer
 * more than the query often does, and nothing in the tree ever needs the source's own nodes.
 */
export interface Bound {
  /** Bytes of the files the query reads. */
  bytes: number;
  /** The deparsed query with every placeholder replaced by its source SQL. */
  resolve(deparsed: string): string;
  /**
   * The deparsed query with every placeholder replaced by its source without files (`emptyTableSource`): the
   * same result columns and types, which DuckDB finds without opening hundreds of files.
   */
  resolveTyping(deparsed: string): string;
}

/** Rewrite `tree` in place and bind its tables (see `Bound`). */
export async function bindCatalogTables(
  conn: DuckDBConnection,
  lakebox: Lakebox,
  q: QueryScope,
  sqlText: string,
  tree: JsonObject,
  caches: BindCaches,
): Promise<Bound> {
  const binder = new Binder(conn, lakebox, caches);
  const { bytes } = await binder.bind(q, sqlText, tree, 0);
  return {
    bytes,
    resolve: (text) => binder.resolve(text, 'sql'),
    resolveTyping: (text) => binder.resolve(text, 'typing'),
  };
}

/** The text of the placeholder statement's constant before it is given its token. */
const PLACEHOLDER = 'lb_source';

class Binder {
  private next = 0;
  /** Unique to this binding, so no text of the user's (or of the files' paths) can look like a placeholder. */
  private readonly token = `${PLACEHOLDER}_${randomUUID().replaceAll('-', '')}_`;
  /** Source SQL (with files, and without) by placeholder number. */
  private readonly placeholders: Array<{ sql: string; typing: string }> = [];

  constructor(
    private readonly conn: DuckDBConnection,
    private readonly lakebox: Lakebox,
    private readonly caches: BindCaches,
  ) {}

  private get cache(): ParquetSchemaCache {
    return this.caches.parquetSchemas;
  }

  private get sources(): SourceTreeCache {
    return this.caches.sourceTrees;
  }

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

  /** A statement standing for a source in the tree until `resolve`. */
  private async placeholder(source: { sql: string; typing: string }): Promise<JsonObject> {
    const statement = structuredClone(await this.parsedSource(`SELECT '${PLACEHOLDER}'`));
    const token = `${this.token}${this.placeholders.length}`;
    this.placeholders.push(source);
    if (!setConstant(statement, PLACEHOLDER, token)) throw internalError('cannot build a table source placeholder');
    return statement;
  }

  /** `deparsed` with each placeholder replaced by its source (whose text may hold more: a view's tables). */
  resolve(deparsed: string, kind: 'sql' | 'typing'): string {
    const pattern = new RegExp(`SELECT '${this.token}(\\d+)'`, 'g');
    let text = deparsed;
    for (let depth = 0; depth <= MAX_VIEW_DEPTH + 1 && text.includes(this.token); depth++) {
      text = text.replace(pattern, (whole, n: string) => this.placeholders[Number(n)]?.[kind] ?? whole);
    }
    if (text.includes(this.token)) throw internalError('a table source placeholder was left in the query');
    return text;
  }

  async bind(q: QueryScope, sqlText: string, tree: JsonObject, depth: number): Promise<{ bytes: number }> {
    let bytes = 0;
    const hidden = referencesHiddenColumns(sqlText);
    const withHidden = new Set<string>();
    const sources: Array<{ ref: TableReference; sql: string; typing: string }> = [];
    const columnTypes = new Map<string, Set<string>>();
    for (const ref of rewriteTree(sqlText, tree)) {
      const name = `lb_t${this.next++}`;
      const bound = await this.bindReference(q, sqlText, ref, depth, hidden);
      for (const c of bound.columns) {
        const types = columnTypes.get(c.name) ?? new Set<string>();
        types.add(c.type);
        columnTypes.set(c.name, types);
      }
      bytes += bound.bytes;
      if (bound.hidden) withHidden.add(name);
      bindTable(ref, name);
      sources.push({ ref, sql: bound.sql, typing: bound.typing });
    }
    if (withHidden.size > 0) excludeHiddenFromStars(tree, withHidden);
    keepDateColumns(tree, columnTypes);
    // Each table becomes a subquery in the tree rather than a view: a view would be bound once more. The
    // placeholder stands for both sources: the query is deparsed once and resolved twice.
    for (const { ref, sql, typing } of sources) inlineTable(ref, await this.placeholder({ sql, typing }));
    return { bytes };
  }

  private async bindReference(
    q: QueryScope,
    sqlText: string,
    ref: TableReference,
    depth: number,
    hidden: boolean,
  ): Promise<{ sql: string; typing: string; bytes: number; hidden: boolean; columns: DeclaredType[] }> {
    const scope = { account: q.account, region: q.region };
    if (ref.schema === 'information_schema' && (ref.catalog === '' || ref.catalog === DEFAULT_CATALOG)) {
      const sql = informationSchemaSql(this.lakebox.db, scope, ref.table);
      if (sql === undefined) {
        const at = ref.at === undefined ? undefined : lineColumn(sqlText, ref.at);
        const name = `${DEFAULT_CATALOG}.information_schema.${ref.table}`;
        throw userError('TABLE_NOT_FOUND', `Table '${name}' does not exist`, at);
      }
      return { sql, typing: sql, bytes: 0, hidden: false, columns: [] };
    }
    const resolved = resolveTable(this.lakebox.db, scope, ref, { catalog: q.catalog, database: q.database }, sqlText);
    if (resolved.table.TableType === 'VIRTUAL_VIEW') {
      // A view's output types are not known here: its column names block the DATE rule (`keepDateColumns`).
      const view = await this.bindView(q, resolved, depth);
      const qualified = `${DEFAULT_CATALOG}.${resolved.database}.${resolved.name}`;
      const columns = prestoView(resolved.table, qualified).columns.map((c) => ({ name: c.toLowerCase(), type: '?' }));
      return { ...view, hidden: false, columns };
    }
    const keys = (resolved.table.PartitionKeys ?? []).map((k) => ({
      name: (k.Name ?? '').toLowerCase(),
      type: duckType(k.Type ?? 'string'),
    }));
    const qualified = `${DEFAULT_CATALOG}.${resolved.database}.${resolved.name}`;
    const alias = typeof ref.node['alias'] === 'string' ? ref.node['alias'].toLowerCase() : '';
    const tableNames = new Set([alias || resolved.name]);
    const tableKey = [scope.account, scope.region, resolved.database, resolved.name].join('\u0000');
    // Partition projection (`projection.ts`) replaces the registered partitions when enabled.
    const projected = isProjected(resolved.table);
    let partitions: readonly Partition[] =
      keys.length === 0
        ? []
        : projected
          ? projectedPartitions(resolved.table, qualified, ref.where, tableNames)
          : await this.caches.partitions.get(scope, tableKey, async () =>
              registeredPartitions(this.lakebox.db, scope, resolved.database, resolved.name),
            );
    if (keys.length > 0) partitions = prunePartitions(ref.where, keys, tableNames, partitions);
    // A projection range up to `NOW` changes with the clock: such a query is rewritten every time.
    const params = Object.values(resolved.table.Parameters ?? {});
    const volatile = projected && params.some((v) => /\bNOW\b/i.test(v));
    if (volatile) dependOnNothingCached();
    const describe = (reader: 'parquet' | 'json', files: readonly DataFile[]) => this.describeFiles(reader, files);
    const build = () => tableSource(this.lakebox, describe, qualified, resolved.table, partitions, hidden);
    // The same table read with the same partitions, while the catalog and its buckets are unchanged: the same
    // source (the partitions' values identify them within one catalog version).
    const sourceKey = `${tableKey}\u0000${hidden}\u0000${partitions.map((p) => JSON.stringify(p.Values ?? [])).join('\n')}`;
    const source = volatile ? await build() : await this.caches.tables.get(scope, sourceKey, build);
    const columns = [...(resolved.table.StorageDescriptor?.Columns ?? []), ...(resolved.table.PartitionKeys ?? [])].map(
      (c) => ({ name: (c.Name ?? '').toLowerCase(), type: duckType(c.Type ?? 'string') }),
    );
    return { sql: source.sql, typing: emptyTableSource(resolved.table, hidden), bytes: source.bytes, hidden, columns };
  }

  /** An Athena view: its SQL, bound in the view's own catalog and database, with the view's column names. */
  private async bindView(
    q: QueryScope,
    resolved: ResolvedTable,
    depth: number,
  ): Promise<{ sql: string; typing: string; bytes: number }> {
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
    const { bytes } = await this.bind(inner, definition.originalSql, tree, depth + 1);
    const names = definition.columns.map((c) => quoteIdent(c.toLowerCase()));
    const wrap = (sql: string) => `SELECT * FROM (${sql}) AS lb_view${names.length > 0 ? `(${names.join(', ')})` : ''}`;
    // The view's text holds its tables' placeholders, resolved with the query's (as sources or typing sources).
    const text = wrap(await deparse(this.conn, tree));
    return { sql: text, typing: text, bytes };
  }

  private async describeFiles(reader: 'parquet' | 'json', files: readonly DataFile[]): Promise<FileColumns> {
    const key = `${reader}\n${files.map((f) => `${f.path}\u0000${f.etag}`).join('\n')}`;
    const hit = this.cache.get(key);
    if (hit) return hit;
    const read =
      reader === 'parquet'
        ? `read_parquet(${fileList(files)}, union_by_name = true, hive_partitioning = false)`
        : `read_json(${fileList(files)}, format = 'newline_delimited', compression = 'auto_detect', union_by_name = true, hive_partitioning = false)`;
    const rows = (await this.conn.runAndReadAll(`DESCRIBE SELECT * FROM ${read}`)).getRows();
    const found = new Map<string, { name: string; type: string }>();
    for (const row of rows) {
      const name = String(row[0]);
      if (!found.has(name.toLowerCase())) found.set(name.toLowerCase(), { name, type: String(row[1]) });
    }
    const columns: FileColumns = Object.assign(found, {
      uniform: reader === 'parquet' && files.length > 1 && (await this.sameParquetSchemas(files)),
    });
    if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
    this.cache.set(key, columns);
    return columns;
  }

  /** Whether every file's Parquet schema is the same: each column's name, type and nesting, in order. */
  private async sameParquetSchemas(files: readonly DataFile[]): Promise<boolean> {
    const element = `CAST(row(name, duckdb_type, type, converted_type, CAST(logical_type AS VARCHAR), repetition_type, num_children) AS VARCHAR)`;
    const reader = await this.conn.runAndReadAll(
      `SELECT count(DISTINCT schema) FROM (SELECT string_agg(${element}, '|' ORDER BY column_id) AS schema ` +
        `FROM parquet_schema(${fileList(files)}) WHERE column_id > 0 GROUP BY file_name)`,
    );
    return Number(reader.getRows()[0]?.[0]) === 1;
  }
}

/** Set the first string constant `from` in `node` to `to`; whether one was found. */
function setConstant(node: Json, from: string, to: string): boolean {
  if (Array.isArray(node)) return node.some((n) => setConstant(n, from, to));
  if (!isObject(node)) return false;
  const value = node['value'];
  if (node['class'] === 'CONSTANT' && isObject(value) && value['value'] === from) {
    value['value'] = to;
    return true;
  }
  return Object.values(node).some((v) => setConstant(v, from, to));
}
