/**
 * The query inside a CTAS, INSERT or view, run through the engine's own pipeline (parse, bind the catalog
 * tables, rewrite) so it means what the same SELECT means on its own.
 */
import type { DuckDBConnection, DuckDBType } from '@duckdb/node-api';
import type { Lakebox } from '../../../context.js';
import { deparse, parseSelect } from '../ast.js';
import { outputNames } from '../output-names.js';
import { type BindCaches, bindCatalogTables, type QueryScope } from '../query-tables.js';

export interface PreparedQuery {
  /** DuckDB SQL over the tables' files. */
  sql: string;
  /** Result column names as Athena gives them. */
  names: string[];
  types: DuckDBType[];
  /** Bytes of the files it reads. */
  scanned: number;
}

export interface QueryPipeline {
  conn: DuckDBConnection;
  /** The engine's pipeline: `sql` (same positions as the user's text) rewritten over the catalog tables. */
  rewrite(
    sql: string,
    defaults: { catalog: string; database: string | undefined },
  ): Promise<{ sql: string; names: string[] | undefined; scanned: number }>;
  checkCanceled(): void;
}

export async function prepareQuery(
  p: QueryPipeline,
  sql: string,
  defaults: { catalog: string; database: string | undefined },
): Promise<PreparedQuery> {
  const rewritten = await p.rewrite(sql, defaults);
  p.checkCanceled();
  const prepared = await p.conn.prepare(rewritten.sql);
  const names: string[] = [];
  const types: DuckDBType[] = [];
  try {
    for (let i = 0; i < prepared.columnCount; i++) {
      const given = rewritten.names?.length === prepared.columnCount ? rewritten.names[i] : undefined;
      names.push(given ?? prepared.columnName(i));
      types.push(prepared.columnType(i));
    }
  } finally {
    prepared.destroySync();
  }
  return { sql: rewritten.sql, names, types, scanned: rewritten.scanned };
}

/** The engine's rewrite of a SELECT (parse, bind the catalog tables, deparse), for `QueryPipeline.rewrite`. */
export async function rewriteSelect(
  conn: DuckDBConnection,
  lakebox: Lakebox,
  scope: QueryScope,
  sql: string,
  caches: BindCaches,
): Promise<{ sql: string; names: string[] | undefined; scanned: number }> {
  const tree = await parseSelect(conn, sql);
  const names = outputNames(tree);
  const bound = await bindCatalogTables(conn, lakebox, scope, sql, tree, caches);
  return { sql: bound.resolve(await deparse(conn, tree)), names, scanned: bound.bytes };
}
